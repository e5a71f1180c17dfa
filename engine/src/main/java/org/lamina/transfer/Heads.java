package org.lamina.transfer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import org.lamina.graph.Network;

/**
 * The classifier head of a network: for each output, the nearest nodes with parameters on the way
 * back from it through nodes without (flatten, dropout, softmax). Their shapes depend on the number
 * of classes, so loading weights of another class count replaces exactly these.
 */
public final class Heads {
    private Heads() {
    }

    /** The head nodes' names, in network order. */
    public static Set<String> of(Network net) {
        Set<String> heads = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(net.outputs());
        while (!todo.isEmpty()) {
            Network.NodeInfo n = net.node(todo.pop());
            if (n.isInput() || !seen.add(n.name())) {
                continue;
            }
            if (!n.params().isEmpty()) {
                heads.add(n.name());
            } else {
                todo.addAll(n.inputs());
            }
        }
        Set<String> ordered = new LinkedHashSet<>();
        for (Network.NodeInfo n : net.nodes()) {
            if (heads.contains(n.name())) {
                ordered.add(n.name());
            }
        }
        return ordered;
    }
}
