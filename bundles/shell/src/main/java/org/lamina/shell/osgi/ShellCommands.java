package org.lamina.shell.osgi;

import java.util.ArrayList;
import java.util.List;
import org.lamina.shell.Shell;
import org.lamina.shell.Trainings;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * The {@code lamina:*} commands of the Gogo shell: the same commands as the command line, resolving
 * plugins through the container's registry. When this bundle stops, running trainings are asked to
 * stop after their step, which closes their backends and so releases their OpenCL resources.
 */
@Component(service = ShellCommands.class, property = {"osgi.command.scope=lamina",
    "osgi.command.function=devices", "osgi.command.function=verify", "osgi.command.function=train",
    "osgi.command.function=predict", "osgi.command.function=summary", "osgi.command.function=plugins",
    "osgi.command.function=bench", "osgi.command.function=tune",
    "osgi.command.function=gradcheck", "osgi.command.function=style", "osgi.command.function=explain",
    "osgi.command.function=inspect", "osgi.command.function=dream", "osgi.command.function=features"})
public final class ShellCommands {
    @Reference
    private PluginTracker tracker;

    @Reference
    private ServiceComponentRuntime scr;

    private BundleContext context;

    @Activate
    void activate(BundleContext bc) {
        this.context = bc;
    }

    @Deactivate
    void deactivate() {
        Trainings.stopAll("the Lamina shell bundle is stopping", 30_000);
    }

    public void devices() {
        run("devices");
    }

    public void plugins() {
        run("plugins");
    }

    public void verify(String... args) {
        run("verify", args);
    }

    public void tune(String... args) {
        run("tune", args);
    }

    public void train(String... args) {
        run("train", args);
    }

    public void predict(String... args) {
        run("predict", args);
    }

    public void explain(String... args) {
        run("explain", args);
    }

    public void summary(String... args) {
        run("summary", args);
    }

    public void bench(String... args) {
        run("bench", args);
    }

    public void gradcheck(String... args) {
        run("gradcheck", args);
    }

    public void style(String... args) {
        run("style", args);
    }

    public void inspect(String... args) {
        run("inspect", args);
    }

    public void dream(String... args) {
        run("dream", args);
    }

    public void features(String... args) {
        run("features", args);
    }

    private void run(String command, String... args) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(List.of(args));
        int status = new Shell(tracker.registry(), new BundleStates(context, scr)).run(all.toArray(new String[0]));
        if (status != 0) {
            System.err.println("lamina:" + command + ": exit status " + status);
        }
    }
}
