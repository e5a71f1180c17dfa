package org.lamina.opencl.tuning;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tuning parameters of one kernel family for one device, as the database's lookup merged them
 * (each parameter from the most specific entry that sets it), with the file each came from for
 * messages. A family's {@code Tuning} record is built from it as its {@link TuningSpec} declares:
 * {@link #integer}, {@link #longValue}, {@link #bool}, and {@link #workGroup} and {@link #powerOfTwo},
 * which fit a work-group size to the device.
 */
public final class TuningParameters {
    private final String family;
    private final Map<String, Object> values;
    private final Map<String, String> origins;
    private final DeviceDescription device;
    private final String searched;
    private final Set<String> read = new TreeSet<>();

    TuningParameters(String family, Map<String, Object> values, Map<String, String> origins, DeviceDescription device,
            String searched) {
        this.family = family;
        this.values = new LinkedHashMap<>(values);
        this.origins = Map.copyOf(origins);
        this.device = device;
        this.searched = searched;
    }

    public String family() {
        return family;
    }

    /** The device the parameters are for. */
    public DeviceDescription device() {
        return device;
    }

    /** The parameters and their values (integers as {@code Long}, flags as {@code Boolean}). */
    public Map<String, Object> values() {
        return Map.copyOf(values);
    }

    /** The file that set {@code name}. */
    public String origin(String name) {
        return origins.get(name);
    }

    /** An integer parameter in the int range. */
    public int integer(String name) {
        long v = longValue(name);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw bad(name, v + " is outside the int range");
        }
        return (int) v;
    }

    public long longValue(String name) {
        Object v = value(name);
        if (!(v instanceof Long l)) {
            throw bad(name, v + " is not an integer");
        }
        return l;
    }

    public boolean bool(String name) {
        Object v = value(name);
        if (!(v instanceof Boolean b)) {
            throw bad(name, v + " is not true or false");
        }
        return b;
    }

    /** A work-group size: the value, at most the device's largest work-group, at least 1. */
    public int workGroup(String name) {
        int v = integer(name);
        if (v < 1) {
            throw bad(name, "work-group " + v + " is below 1");
        }
        return (int) Math.max(1, Math.min(v, device.maxWorkGroupSize()));
    }

    /** A power-of-two work-group size (a tree reduction's): {@link #workGroup} rounded down to a power of two. */
    public int powerOfTwo(String name) {
        return Integer.highestOneBit(workGroup(name));
    }

    /** The parameters present that no accessor read: misspelt names in an entry. */
    Set<String> unread() {
        Set<String> s = new TreeSet<>(values.keySet());
        s.removeAll(read);
        return s;
    }

    /** The parameters the family read. */
    Set<String> read() {
        return new TreeSet<>(read);
    }

    private Object value(String name) {
        read.add(name);
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("tuning database: parameter " + family + "." + name
                    + " is set by none of the entries for this device (" + searched + ")");
        }
        return v;
    }

    /** An error naming the file that set {@code name}, the parameter and {@code problem}. */
    public IllegalArgumentException bad(String name, String problem) {
        return new IllegalArgumentException(origins.getOrDefault(name, "tuning database") + ": parameters." + family
                + "." + name + ": " + problem);
    }
}
