package org.lamina.limits;

/**
 * A buffer larger than the device allocates at once ({@code CL_DEVICE_MAX_MEM_ALLOC_SIZE}, or a lower
 * limit of a device profile, whose device name says so), refused before the driver sees it. Whoever
 * knows what the buffer was for adds it ({@link #of}: the tensor's shape; {@link #in}: the layer and
 * pass, the parameter), so that the one line a user sees names the tensor and both sizes. In a package
 * of its own so that the executor can place it without knowing which backend threw it. A user's choice (a batch size, an input size, a
 * device) causes it, hence an {@link IllegalArgumentException}.
 */
public final class AllocationTooLarge extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final long bytes;
    private final long maxBytes;
    private final String device;
    private final String what;
    private final String where;

    /** A refusal of {@code bytes} on {@code device}, which allocates at most {@code maxBytes} at once. */
    public AllocationTooLarge(long bytes, long maxBytes, String device) {
        this(bytes, maxBytes, device, "a buffer", null);
    }

    private AllocationTooLarge(long bytes, long maxBytes, String device, String what, String where) {
        super((where == null ? "" : where + ": ") + what + " of " + bytes + " bytes is larger than the " + maxBytes
                + " bytes " + device + " allocates at once (CL_DEVICE_MAX_MEM_ALLOC_SIZE)");
        this.bytes = bytes;
        this.maxBytes = maxBytes;
        this.device = device;
        this.what = what;
        this.where = where;
    }

    /** The same refusal, the buffer described as {@code what} (e.g. {@code a tensor of shape [64, 6, 28, 28]}). */
    public AllocationTooLarge of(String what) {
        return new AllocationTooLarge(bytes, maxBytes, device, what, where);
    }

    /** The same refusal, placed: {@code where} is what was running (a layer's pass, a parameter); the innermost wins. */
    public AllocationTooLarge in(String where) {
        return this.where != null ? this : new AllocationTooLarge(bytes, maxBytes, device, what, where);
    }

    /** Bytes asked for. */
    public long bytes() {
        return bytes;
    }

    /** The most the device allocates at once. */
    public long maxBytes() {
        return maxBytes;
    }
}
