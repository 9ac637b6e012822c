package org.capcheck.model.local;

import org.capcheck.core.ObjectType;
import org.capcheck.core.Operation;
import org.capcheck.core.Rights;
import org.capcheck.spec.refine.Invocation;

/**
 * How the local model names its actions in traces: in seL4's words, the libsel4 invocation with its
 * argument names, an object type by name ({@code type=Endpoint}) and rights as letters
 * ({@code rights=RWGP}, {@code -} for none), as captrace and the docs write them.
 */
final class ActionNames {
    private ActionNames() {
    }

    static String of(LocalAction action, boolean severalProcesses) {
        StringBuilder b = new StringBuilder();
        if (severalProcesses) {
            b.append('p').append(action.process()).append(": ");
        }
        b.append(of(action.invocation()));
        if (action.stepOnly()) {
            b.append(", preempted after its first unit of work");
        }
        return b.toString();
    }

    static String of(Invocation inv) {
        Operation op = inv.op();
        StringBuilder b = new StringBuilder(op.name()).append('(');
        for (int i = 0; i < inv.args().size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            Operation.Arg arg = op.args().get(i);
            long v = inv.arg(i);
            b.append(arg.name()).append('=');
            switch (arg.kind()) {
                case RIGHTS: {
                    String letters = Rights.toLetters(Rights.fromWord(v));
                    b.append(letters.isEmpty() ? "-" : letters);
                    break;
                }
                case OBJECT_TYPE: {
                    ObjectType t = ObjectType.ofNumber(v);
                    b.append(t == null ? Long.toUnsignedString(v) : t.name());
                    break;
                }
                default:
                    b.append(Long.toUnsignedString(v));
            }
        }
        return b.append(')').toString();
    }
}
