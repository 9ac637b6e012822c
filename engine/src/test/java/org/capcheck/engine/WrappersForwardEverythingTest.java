package org.capcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine wraps a user's model (StepGuard to catch throwing steps, SymmetryReduction to
 * canonicalise): a wrapper that does not override a method of {@link Model} silently replaces the
 * model's own answer with the default, so both extend ForwardingModel, which must forward every method.
 */
class WrappersForwardEverythingTest {
    private static List<String> notOverridden(Class<?> wrapper) {
        List<String> missing = new ArrayList<>();
        for (Method m : Model.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            try {
                Method own = wrapper.getDeclaredMethod(m.getName(), m.getParameterTypes());
                if (own.isSynthetic()) {
                    missing.add(m.getName());
                }
            } catch (NoSuchMethodException e) {
                missing.add(m.getName());
            }
        }
        return missing;
    }

    @Test
    void theForwardingModelForwardsEveryMethod() {
        assertEquals(List.of(), notOverridden(ForwardingModel.class));
    }

    @Test
    void theEnginesWrappersAreForwardingModels() {
        assertEquals(ForwardingModel.class, StepGuard.class.getSuperclass());
        assertEquals(ForwardingModel.class, SymmetryReduction.class.getSuperclass());
    }
}
