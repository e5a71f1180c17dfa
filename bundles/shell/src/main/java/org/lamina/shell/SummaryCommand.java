package org.lamina.shell;

import java.util.concurrent.Callable;
import org.lamina.graph.Network;
import org.lamina.spi.Options;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code lamina summary}: the table of an architecture's nodes, shapes, parameters, memory, receptive fields. */
@Command(name = "summary", mixinStandardHelpOptions = true, description = "Print an architecture's layers with shapes, parameters, memory and receptive fields.")
final class SummaryCommand implements Callable<Integer> {
    @ParentCommand
    Shell shell;


    @Option(names = "--arch", required = true)
    String arch;

    @Option(names = "--arch-options", defaultValue = "", paramLabel = "K=V,...")
    String archOptions;

    @Option(names = "--input", defaultValue = "1,28,28", paramLabel = "C,H,W", description = "Input shape. Default: ${DEFAULT-VALUE}.")
    String input;

    @Option(names = "--classes", defaultValue = "10")
    int classes;

    @Override
    public Integer call() {
        int[] shape = shape(input);
        if (classes < 1) {
            throw new IllegalArgumentException("--classes: " + classes + " is not a number of classes (give 1 or more)");
        }
        Network net = shell.registry().architecture(arch).build(shape, classes, Options.parse(archOptions));
        System.out.println(net.name() + " for input [" + input + "] and " + classes + " classes");
        System.out.print(net.summary());
        return 0;
    }

    /** {@code --input} as channels, height, width, each 1 or more. */
    static int[] shape(String text) {
        String[] parts = text.split(",", -1);
        int[] v = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                v[i] = 0;
            }
            if (v[i] < 1 || parts.length != 3) {
                throw new IllegalArgumentException("--input: '" + text + "' is not an input shape C,H,W (three whole"
                        + " numbers of 1 or more)");
            }
        }
        return v;
    }
}
