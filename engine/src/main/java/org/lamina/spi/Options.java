package org.lamina.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings given to a plugin by name, as a user writes them ({@code momentum=0.9,nesterov=true}),
 * with typed getters that name the setting and the value when it does not parse.
 */
public final class Options {
    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static Options empty() {
        return new Options(new LinkedHashMap<>());
    }

    public static Options of(Map<String, String> values) {
        return new Options(new LinkedHashMap<>(values));
    }

    /**
     * Parses {@code key=value,key=value}.
     *
     * @throws IllegalArgumentException for an entry without {@code =}
     */
    public static Options parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        if (text != null && !text.isBlank()) {
            for (String part : text.split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("option '" + part.strip() + "' is not of the form key=value");
                }
                m.put(part.substring(0, eq).strip().toLowerCase(Locale.ROOT), part.substring(eq + 1).strip());
            }
        }
        return new Options(m);
    }

    /** A copy with {@code key} set to {@code value}. */
    public Options with(String key, Object value) {
        Map<String, String> m = new LinkedHashMap<>(values);
        m.put(key, String.valueOf(value));
        return new Options(m);
    }

    /** A copy with every entry of {@code other} added over these. */
    public Options with(Options other) {
        Map<String, String> m = new LinkedHashMap<>(values);
        m.putAll(other.values);
        return new Options(m);
    }

    public Map<String, String> asMap() {
        return values;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public String string(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    public double number(String key, double fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + ": '" + v + "' is not a number");
        }
    }

    public int integer(String key, int fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + ": '" + v + "' is not a whole number");
        }
    }

    public boolean flag(String key, boolean fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException("option " + key + ": '" + v + "' is not true or false");
        };
    }

    /**
     * @throws IllegalArgumentException naming the options {@code owner} does not know, and those it does
     */
    public void requireOnly(String owner, Set<String> known) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(owner + ": unknown option" + (unknown.size() > 1 ? "s " : " ") + unknown
                    + "; it takes " + new TreeSet<>(known));
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(sb.length() > 0 ? "," : "").append(k).append('=').append(v));
        return sb.toString();
    }
}
