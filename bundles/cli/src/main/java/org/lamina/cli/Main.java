package org.lamina.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.lamina.shell.Shell;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code lamina} command line: the commands of {@link Shell} over the plugins on the class path,
 * plus {@code container}, which starts the OSGi container, {@code plugins}, which lists what the
 * container's deploy directory provides, with each plugin's bundle and state, and {@code import} and
 * {@code export} of ONNX models (the {@code lamina-onnx} module, kept out of the container's shell).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (for tests and embedding). */
    public static int run(String... args) {
        ConsoleLogging.install();
        Shell shell = Shell.onClassPath();
        CommandLine cl = shell.commandLine();
        if (args.length > 0 && args[0].equals("plugins")) {
            return new CommandLine(new PluginsInContainer()).setCommandName("lamina plugins")
                    .setExecutionExceptionHandler(cl.getExecutionExceptionHandler())
                    .setParameterExceptionHandler(cl.getParameterExceptionHandler()).execute(Arrays.copyOfRange(args, 1, args.length));
        }
        cl.addSubcommand("container", new ContainerCommand());
        cl.addSubcommand("import", new ImportCommand());
        cl.addSubcommand("export", new ExportCommand(shell.registry()));
        return cl.execute(args);
    }

    /** Where the container keeps its plugins unless told otherwise. */
    static final Path DEFAULT_DEPLOY = Path.of("deploy");

    /** The --deploy folder, checked: a file in its place, or a folder that cannot be made, is the user's mistake. */
    static Path deployFolder(Path deploy) {
        if (Files.exists(deploy) && !Files.isDirectory(deploy)) {
            throw new IllegalArgumentException("--deploy '" + deploy + "' is not a folder");
        }
        Path existing = deploy.toAbsolutePath().getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (!Files.exists(deploy) && existing != null && !Files.isDirectory(existing)) {
            throw new IllegalArgumentException("--deploy '" + deploy + "' cannot be created: " + existing
                    + " is not a folder");
        }
        return deploy;
    }

    /** {@code lamina container}: the OSGi container with the Gogo shell on the console. */
    @Command(name = "container", mixinStandardHelpOptions = true,
            description = "Start the OSGi container: plugins hot-deploy from --deploy; "
            + "the Gogo shell takes lamina:devices, lamina:plugins, lamina:train, ...; 'stop 0' ends it.")
    static final class ContainerCommand implements Callable<Integer> {
        @Option(names = "--deploy", paramLabel = "DIR", description = "Directory of plugin bundles, watched for changes "
                + "(created with the built-in plugins when missing). Default: deploy")
        Path deploy = DEFAULT_DEPLOY;

        @Override
        public Integer call() throws Exception {
            Path folder = deployFolder(deploy);
            Path storage = Files.createTempDirectory("lamina-felix");
            try (Container c = Container.start(new Container.Layout(Container.defaultLib(), folder, storage), true)) {
                c.awaitStop();
            }
            return 0;
        }
    }

    /** {@code lamina plugins}: starts the container without a console, lists, stops. */
    @Command(name = "plugins", mixinStandardHelpOptions = true,
            description = "List the architectures, losses, optimizers, schedules and layer types "
            + "of the deploy directory's plugins, with their bundles and states, and the plugins that fail.")
    static final class PluginsInContainer implements Callable<Integer> {
        @Option(names = "--deploy", paramLabel = "DIR", description = "Directory of plugin bundles. Default: deploy")
        Path deploy = DEFAULT_DEPLOY;

        @Override
        public Integer call() throws Exception {
            Path folder = deployFolder(deploy);
            Path storage = Files.createTempDirectory("lamina-felix");
            try (Container c = Container.start(new Container.Layout(Container.defaultLib(), folder, storage), false)) {
                System.out.print(c.execute("lamina:plugins"));
            }
            return 0;
        }
    }
}
