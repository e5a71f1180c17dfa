package org.lamina.shell;

import java.util.concurrent.Callable;
import org.lamina.registry.PluginKind;
import org.lamina.registry.Registry;
import org.lamina.spi.Plugin;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code lamina plugins}: every architecture, loss, optimizer, schedule and layer type, with its provider. */
@Command(name = "plugins", mixinStandardHelpOptions = true, description = "List the architectures, losses, optimizers, schedules and layer types.")
final class PluginsCommand implements Callable<Integer> {
    @ParentCommand
    Shell shell;


    @Override
    public Integer call() {
        Registry r = shell.registry();
        String row = "%-13s %-14s %-44s %-9s %s%n";
        System.out.printf(row, "kind", "name", "provider", "state", "description");
        for (PluginKind kind : PluginKind.values()) {
            for (Registry.Entry<? extends Plugin> e : r.list(kind.type())) {
                System.out.printf(row, kind.label(), e.name(), e.provider(), shell.states().state(e.provider()),
                        e.service().description());
            }
        }
        shell.states().problems().forEach(p -> System.out.println("problem: " + p));
        return 0;
    }
}
