package org.lamina.opencl;

import org.jocl.CL;

/**
 * An OpenCL call that failed. The message names the call, the error by its OpenCL name
 * ({@code CL_INVALID_WORK_GROUP_SIZE}, not {@code -54}) and what was being done.
 */
public class ClException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;

    public ClException(String what, int code) {
        super(what + " failed with " + errorName(code) + " (" + code + ")");
        this.code = code;
    }

    protected ClException(String message, int code, boolean verbatim) {
        super(message);
        this.code = code;
    }

    /** The OpenCL error code, a negative number. */
    public int code() {
        return code;
    }

    /** The OpenCL error's name, e.g. {@code CL_OUT_OF_RESOURCES}. */
    public String errorName() {
        return errorName(code);
    }

    /** Throws a {@link ClException} when {@code code} is not {@code CL_SUCCESS}. */
    public static void check(int code, String what) {
        if (code != CL.CL_SUCCESS) {
            throw new ClException(what, code);
        }
    }

    /** The name of an OpenCL error code; codes JOCL does not know keep their number. */
    public static String errorName(int code) {
        String name = switch (code) {
            // Names from extensions that JOCL's table does not hold.
            case -1001 -> "CL_PLATFORM_NOT_FOUND_KHR";
            case -1000 -> "CL_INVALID_GL_SHAREGROUP_REFERENCE_KHR";
            default -> CL.stringFor_errorCode(code);
        };
        return name.startsWith("INVALID") ? "CL_UNKNOWN_ERROR_" + code : name;
    }
}
