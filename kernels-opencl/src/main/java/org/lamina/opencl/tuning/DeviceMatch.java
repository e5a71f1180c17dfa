package org.lamina.opencl.tuning;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which devices a tuning database entry is for, from the most general to the most specific: every
 * device (no field), a {@code type}, a {@code vendor} and type, a vendor's {@code architecture}
 * (the device's own, such as {@code sm_90} for NVIDIA's compute capability 9.0, or the devices whose
 * name matches the regular expression {@code names}), an exact {@code device} name.
 *
 * @param type {@code gpu}, {@code cpu}, {@code accelerator} (or {@code fpga}), {@code custom}, or null
 * @param vendor a vendor as {@link DeviceDescription#vendorKey(String)} reduces it, or null
 * @param architecture the architecture ({@code sm_90}, as {@link DeviceDescription#architecture()}), or a
 *     label for the devices {@code names} matches ({@code ampere}), or null
 * @param names a regular expression found (case-insensitively) in the names of the architecture's
 *     devices, or null to match the device's own architecture
 * @param device the exact device name, or null
 */
public record DeviceMatch(String type, String vendor, String architecture, String names, String device) {

    /** How specific an entry is; the lookup prefers the highest. */
    public enum Level {
        GENERIC("generic"), TYPE("type"), VENDOR_TYPE("vendor and type"), ARCHITECTURE("vendor and architecture"),
        EXACT("exact device");

        private final String label;

        Level(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public DeviceMatch {
        type = type == null ? null : type.strip().toLowerCase(Locale.ROOT);
        if ("fpga".equals(type)) {
            type = "accelerator";
        }
        vendor = vendor == null ? null : DeviceDescription.vendorKey(vendor);
    }

    /** Every device. */
    public static DeviceMatch generic() {
        return new DeviceMatch(null, null, null, null, null);
    }

    /** The exact device described. */
    public static DeviceMatch exact(DeviceDescription d) {
        return new DeviceMatch(d.typeKey(), d.vendor(), null, null, d.name());
    }

    public Level level() {
        if (device != null) {
            return Level.EXACT;
        }
        if (architecture != null) {
            return Level.ARCHITECTURE;
        }
        if (vendor != null) {
            return Level.VENDOR_TYPE;
        }
        return type != null ? Level.TYPE : Level.GENERIC;
    }

    /**
     * The problem with this combination of fields, or null: an architecture needs a vendor and its
     * {@code names}, a vendor needs a type, a type must be known, {@code names} must be a regular expression.
     */
    String problem() {
        if (type != null && !type.matches("gpu|cpu|accelerator|custom|other")) {
            return "device.type: '" + type + "' is not gpu, cpu, accelerator (fpga), custom or other";
        }
        if (vendor != null && vendor.isEmpty()) {
            return "device.vendor: empty";
        }
        if (architecture != null && vendor == null) {
            return "device.architecture: '" + architecture + "' needs device.vendor";
        }
        if (names != null && architecture == null) {
            return "device.names: needs device.architecture";
        }
        if (vendor != null && type == null && device == null) {
            return "device.vendor: '" + vendor + "' needs device.type";
        }
        if (names != null) {
            try {
                Pattern.compile(names);
            } catch (RuntimeException e) {
                return "device.names: '" + names + "' is not a regular expression (" + e.getMessage() + ")";
            }
        }
        return null;
    }

    /** Whether {@code d} is one of the devices this entry is for. */
    public boolean matches(DeviceDescription d) {
        if (type != null && !type.equals(d.typeKey())) {
            return false;
        }
        if (vendor != null && !vendor.equals(d.vendorKey())) {
            return false;
        }
        if (names != null) {
            if (!Pattern.compile(names, Pattern.CASE_INSENSITIVE).matcher(d.name()).find()) {
                return false;
            }
        } else if (architecture != null && !architecture.equalsIgnoreCase(d.architecture())) {
            return false;
        }
        return device == null || device.strip().equalsIgnoreCase(d.name().strip());
    }

    /** The entry's key, as {@code lamina devices} prints it: {@code generic}, {@code gpu}, {@code nvidia/gpu}, ... */
    public String key() {
        StringBuilder b = new StringBuilder();
        for (String part : new String[] {vendor, type, architecture, device}) {
            if (part != null) {
                b.append(b.length() == 0 ? "" : "/").append(part);
            }
        }
        return b.length() == 0 ? "generic" : b.toString();
    }
}
