package org.lamina.opencl;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognizes simulators, emulators and debugging devices by what they call themselves. They are for
 * checking kernels (Oclgrind reports out-of-bounds accesses and races) and run them thousands of
 * times slower, so a run only uses one when it is named.
 */
final class DebugTools {
    /** Words in a device's name, vendor or platform, and what they mean. */
    private static final List<String[]> MARKS = List.of(
            new String[] {"oclgrind", "Oclgrind simulates a device to check kernels"},
            new String[] {"simulat", "a simulator"},
            new String[] {"emulat", "an emulator"},
            new String[] {"debug", "a debugging device"});

    private DebugTools() {
    }

    static Optional<String> reason(DeviceProperties p) {
        String text = (p.name() + " " + p.vendor() + " " + p.platformName()).toLowerCase(Locale.ROOT);
        for (String[] mark : MARKS) {
            if (text.contains(mark[0])) {
                return Optional.of(mark[1]);
            }
        }
        return Optional.empty();
    }
}
