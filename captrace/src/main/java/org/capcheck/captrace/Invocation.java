package org.capcheck.captrace;

import org.capcheck.core.ObjectType;
import org.capcheck.core.Operation;

/**
 * An invocation line.
 *
 * @param line   1-based line number
 * @param text   the line's text
 * @param op     the invocation
 * @param args   the argument values in {@link Operation#args()} order: words as unsigned 64-bit values,
 *               rights as {@link org.capcheck.core.Rights} bits; the {@code type} argument's slot
 *               holds its seL4 number
 * @param type   the object type of Untyped_Retype, else null
 * @param expect what the invocation must return
 */
public record Invocation(int line, String text, Operation op, long[] args, ObjectType type, ExpectedResult expect)
        implements TraceLine {

    /** The value of the named argument. */
    public long arg(String name) {
        int i = op.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(op + " has no argument " + name);
        }
        return args[i];
    }
}
