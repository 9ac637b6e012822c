package org.capcheck.core;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Field-by-field equality of two object graphs, as a checker that compares whole heaps (Java
 * PathFinder) sees them: every field of cap-core's objects, every array element; objects outside
 * cap-core by equals. For tests.
 */
final class Fields {
    private Fields() {
    }

    static boolean equal(Object a, Object b) {
        return difference(a, b) == null;
    }

    /** Where the graphs first differ (a path of field names), or null if they are equal. */
    static String difference(Object a, Object b) {
        try {
            return diff(a, b, "", new IdentityHashMap<>());
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean primitivesEqual(Object a, Object b) {
        if (a instanceof long[]) {
            return Arrays.equals((long[]) a, (long[]) b);
        } else if (a instanceof int[]) {
            return Arrays.equals((int[]) a, (int[]) b);
        } else if (a instanceof byte[]) {
            return Arrays.equals((byte[]) a, (byte[]) b);
        } else if (a instanceof boolean[]) {
            return Arrays.equals((boolean[]) a, (boolean[]) b);
        } else if (a instanceof short[]) {
            return Arrays.equals((short[]) a, (short[]) b);
        } else if (a instanceof char[]) {
            return Arrays.equals((char[]) a, (char[]) b);
        } else if (a instanceof float[]) {
            return Arrays.equals((float[]) a, (float[]) b);
        }
        return Arrays.equals((double[]) a, (double[]) b);
    }

    private static String diff(Object a, Object b, String path, Map<Object, Object> seen) throws IllegalAccessException {
        if (a == b) {
            return null;
        }
        if (a == null || b == null || a.getClass() != b.getClass()) {
            return path + ": " + a + " vs " + b;
        }
        if (seen.get(a) == b) {
            return null;
        }
        seen.put(a, b);
        Class<?> c = a.getClass();
        if (c.isArray() && c.getComponentType().isPrimitive()) {
            return primitivesEqual(a, b) ? null : path + ": arrays differ";
        }
        if (c.isArray()) {
            int n = Array.getLength(a);
            if (n != Array.getLength(b)) {
                return path + ": length " + n + " vs " + Array.getLength(b);
            }
            for (int i = 0; i < n; i++) {
                String d = diff(Array.get(a, i), Array.get(b, i), path + "[" + i + "]", seen);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (!c.getName().startsWith("org.capcheck.core.")) {
            return a.equals(b) ? null : path + ": " + a + " vs " + b;
        }
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                String d = diff(f.get(a), f.get(b), path + "." + f.getName(), seen);
                if (d != null) {
                    return d;
                }
            }
        }
        return null;
    }
}
