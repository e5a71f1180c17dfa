package org.lamina.opencl;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The tuning parameters of a kernel family, set as {@code -D} defines (CLBlast's style), turned into
 * an option string in a canonical order so that equal settings share one cached program.
 */
public final class BuildOptions {
    private static final Pattern NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");

    private BuildOptions() {
    }

    /**
     * {@code {OC_TILE=4, OX_TILE=8}} becomes {@code -DOC_TILE=4 -DOX_TILE=8}.
     *
     * @throws IllegalArgumentException for a name that is not an upper-case C identifier or a value
     *     that is not a number
     */
    public static String of(Map<String, ?> defines) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, ?> e : new TreeMap<>(defines).entrySet()) {
            if (!NAME.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("kernel define: '" + e.getKey() + "' is not an upper-case identifier");
            }
            Object v = e.getValue();
            if (!(v instanceof Integer || v instanceof Long || v instanceof Boolean)) {
                throw new IllegalArgumentException("kernel define " + e.getKey() + ": value " + v
                        + " is not an integer or boolean");
            }
            String value = v instanceof Boolean b ? (b ? "1" : "0") : v.toString();
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append("-D").append(e.getKey()).append('=').append(value);
        }
        return sb.toString();
    }
}
