package org.lamina.opencl;

import java.util.Locale;

/**
 * The vendor family of a device, from the vendor and platform strings drivers report (they spell
 * themselves many ways: {@code NVIDIA Corporation}, {@code Advanced Micro Devices, Inc.},
 * {@code Intel(R) Corporation}, {@code GenuineIntel}, {@code AuthenticAMD}).
 */
public enum Vendor {
    NVIDIA, AMD, INTEL, APPLE, ARM, QUALCOMM, OTHER;

    /** The family of {@code vendor} (falling back on the platform name), {@link #OTHER} when unknown. */
    public static Vendor of(String vendor, String platform) {
        Vendor v = match(vendor);
        return v != OTHER ? v : match(platform);
    }

    private static Vendor match(String text) {
        String s = text == null ? "" : text.toLowerCase(Locale.ROOT);
        if (s.contains("nvidia")) {
            return NVIDIA;
        }
        if (s.contains("advanced micro devices") || s.contains("amd")) {
            return AMD;
        }
        if (s.contains("intel")) {
            return INTEL;
        }
        if (s.contains("apple")) {
            return APPLE;
        }
        if (s.equals("arm") || s.startsWith("arm ") || s.contains("mali")) {
            return ARM;
        }
        if (s.contains("qualcomm")) {
            return QUALCOMM;
        }
        return OTHER;
    }

    /** The lower-case name used in profiles and tuning keys. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
