package org.capcheck.fuzz;

import java.util.Arrays;
import org.capcheck.core.Operation;
import org.capcheck.spec.refine.Invocation;

/** One recorded invocation of a campaign: the operation and its arguments in libsel4's order. */
public record Step(Operation op, long[] args) {

    public Step {
        args = Arrays.copyOf(args, op.arity());
    }

    public Invocation invocation() {
        return Invocation.of(op, args);
    }

    public Step withArg(int i, long value) {
        long[] a = args.clone();
        a[i] = value;
        return new Step(op, a);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Step s && s.op == op && Arrays.equals(s.args, args);
    }

    @Override
    public int hashCode() {
        return op.hashCode() * 31 + Arrays.hashCode(args);
    }

    @Override
    public String toString() {
        return invocation().toString();
    }
}
