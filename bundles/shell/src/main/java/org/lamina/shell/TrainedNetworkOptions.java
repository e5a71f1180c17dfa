package org.lamina.shell;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of the commands that look into a trained network on a device (dream, inspect, style):
 * the checkpoint, the device and strict mode, declared once so that they read the same everywhere.
 */
final class TrainedNetworkOptions {
    @Option(names = "--checkpoint", required = true, paramLabel = "FILE")
    Path checkpoint;

    @Option(names = "--device", paramLabel = "D")
    String device;

    @Mixin
    StrictOption strictMode;
}
