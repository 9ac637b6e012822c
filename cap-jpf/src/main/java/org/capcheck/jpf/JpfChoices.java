package org.capcheck.jpf;

import gov.nasa.jpf.vm.Verify;

/**
 * {@link Choices} under Java PathFinder: each choice is a JPF choice generator through
 * {@code gov.nasa.jpf.vm.Verify}, so JPF explores every alternative, backtracking its own VM state.
 * capcheck compiles this class against a provided-scope stub of {@code Verify}; at run time JPF supplies
 * the real class. Use {@link #runningInJpf()} to decide whether to use it: only under JPF does it work.
 */
public final class JpfChoices implements Choices {

    /**
     * Whether this program runs under JPF: the class {@code gov.nasa.jpf.vm.Verify} can be loaded and
     * says so. False on an ordinary JVM (the class is absent from capcheck's jar; in capcheck's own tests
     * the stub is present and answers false).
     */
    public static boolean runningInJpf() {
        try {
            Class.forName("gov.nasa.jpf.vm.Verify", false, JpfChoices.class.getClassLoader());
            return Probe.running();
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Links to Verify only when asked, after the class was found. */
    private static final class Probe {
        static boolean running() {
            return Verify.isRunningInJPF();
        }
    }

    /** @throws IllegalStateException outside JPF */
    public JpfChoices() {
        if (!runningInJpf()) {
            throw new IllegalStateException("JpfChoices works only under Java PathFinder");
        }
    }

    @Override
    public int chooseInt(int min, int max) {
        if (min > max) {
            throw new IllegalArgumentException("chooseInt(" + min + ", " + max + "): empty range");
        }
        // One value is no choice (as in the native explorer): no choice generator, no stored state.
        return min == max ? min : Verify.getInt(min, max);
    }

    @Override
    public boolean chooseBoolean() {
        return Verify.getBoolean();
    }

    @Override
    public void ignoreIf(boolean condition) {
        Verify.ignoreIf(condition);
    }

    @Override
    public void matchState(byte[] state) {
        // JPF matches the whole program state at every choice point by itself.
    }

    @Override
    public void checkpoint() {
        Verify.breakTransition("capcheck checkpoint");
    }

    @Override
    public boolean matchesStates() {
        return false;
    }

    @Override
    public boolean tracing() {
        return false;
    }

    @Override
    public void trace(String step) {
        // JPF's own error trace shows the path; printing here would print every path.
    }
}
