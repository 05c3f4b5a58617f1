package dev.flightdeck.stack.cli;

import dev.flightdeck.stack.LocalStack;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command of the local stack: the stack is the one its root command names. */
abstract class StackCommand {

    @Spec
    CommandSpec spec;

    LocalStack stack() {
        if (spec.root().userObject() instanceof StackRoot root) {
            return root.stack();
        }
        throw new IllegalStateException(spec.name() + " must be mounted under a root command that implements StackRoot");
    }
}
