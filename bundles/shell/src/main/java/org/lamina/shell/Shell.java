package org.lamina.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.lamina.registry.Registry;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lamina} commands, independent of where they run: on a plain class path (the
 * {@code lamina} launcher, plugins found by {@link java.util.ServiceLoader}) or inside the OSGi
 * container as {@code lamina:*} shell commands (plugins found as services). The place gives the
 * {@link Registry} and the states of the plugins' providers.
 */
@Command(name = "lamina", mixinStandardHelpOptions = true, version = "Lamina 0.1.0",
        description = "Convolutional neural networks on any OpenCL device.",
        subcommands = {DevicesCommand.class, VerifyCommand.class, TrainCommand.class, PredictCommand.class,
            ExplainCommand.class, SummaryCommand.class, PluginsCommand.class, BenchCommand.class, TuneCommand.class,
            GradcheckCommand.class, StyleCommand.class,
            InspectCommand.class, DreamCommand.class, FeaturesCommand.class,
            CommandLine.HelpCommand.class})
public final class Shell implements Runnable {

    /** How the providers of plugins are doing: a jar is simply available, a bundle has a state. */
    public interface PluginStates {
        /** The state of {@code provider} ({@code available}, {@code active}, ...). */
        String state(String provider);

        /** Plugins that could not start, each with its reason. */
        List<String> problems();
    }

    private final Registry registry;
    private final PluginStates states;

    public Shell(Registry registry, PluginStates states) {
        this.registry = registry;
        this.states = states;
    }

    /** The commands over the plugins on the class path. */
    public static Shell onClassPath() {
        Registry r = Registry.fromClassPath();
        return new Shell(r, new PluginStates() {
            @Override
            public String state(String provider) {
                return "available";
            }

            @Override
            public List<String> problems() {
                return r.warnings();
            }
        });
    }

    public Registry registry() {
        return registry;
    }

    public PluginStates states() {
        return states;
    }

    /**
     * A command line over this shell, whose errors caused by the user (an unknown device, a missing
     * file, a wrong name) print one line and exit with status 2.
     */
    public CommandLine commandLine() {
        CommandLine cl = new CommandLine(this);
        // The plugins, with their options, close 'train --help'; listed when shown, as plugins come and go.
        cl.getSubcommands().get("train").getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER,
                help -> TrainCommand.pluginList(registry));
        // A mistyped option or value: one line naming it, as every other mistake, instead of the whole usage.
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            String suggestions = "";
            if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                suggestions = "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
            }
            cmd.getErr().println("lamina: " + e.getMessage() + suggestions + " (see '"
                    + cmd.getCommandSpec().qualifiedName() + " --help')");
            cmd.getErr().flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof UncheckedIOException
                    || e instanceof IOException) {
                cmd.getErr().println("lamina: " + e.getMessage());
                cmd.getErr().flush();
                return 2;
            }
            throw e;
        });
        return cl;
    }

    /** Runs {@code args} and returns the exit status. */
    public int run(String... args) {
        return commandLine().execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
