package org.lamina.opencl;

/** Prints the default device's name, or {@code none}: run in a JVM of its own by {@link DefaultDeviceTest}. */
public final class DefaultDeviceMain {
    private DefaultDeviceMain() {
    }

    public static void main(String[] args) {
        DeviceChoice c = Devices.choice();
        System.out.println("devices=" + Devices.all().size());
        System.out.println("default=" + c.device().map(Device::name).orElse("none"));
        System.out.println("reason=" + c.reason());
        System.out.println("problem=" + Devices.problem().orElse("-"));
        System.out.println("gpu=" + (Devices.all().stream().anyMatch(d -> d.type() == DeviceType.GPU && d.debugTool()
                .isEmpty()) ? Devices.select("gpu").name() : "-"));
    }
}
