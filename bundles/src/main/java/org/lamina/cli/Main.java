package org.lamina.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lamina} command line. */
@Command(name = "lamina", mixinStandardHelpOptions = true, version = "Lamina 0.1.0",
        description = "Convolutional neural networks on any OpenCL device.",
        subcommands = {DevicesCommand.class, VerifyCommand.class, TrainCommand.class, PredictCommand.class,
            SummaryCommand.class, PluginsCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (for tests and embedding). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // Bad input (an unknown device, a directory that is no golden set) is the user's to fix:
            // one clear line, no stack trace.
            if (e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException
                    || e instanceof java.io.IOException) {
                cmd.getErr().println("lamina: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
