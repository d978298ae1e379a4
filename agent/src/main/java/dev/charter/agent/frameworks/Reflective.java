package dev.charter.agent.frameworks;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls a framework's public API on its objects: the agent cannot name the framework's types, which
 * only the application's class loaders see. A method is called as a public type declares it, so a
 * non-public implementation class is no obstacle.
 */
final class Reflective {

    private static final Method NONE;

    static {
        try {
            NONE = Object.class.getMethod("hashCode");
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** By class: its public methods found so far, by name and number of parameters ({@link #NONE}: it has none). */
    private static final ClassValue<Map<String, Method>> METHODS = new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private Reflective() {
    }

    /**
     * {@code target.name(arguments)}; {@code null} when {@code target} is {@code null}.
     *
     * @throws IllegalStateException if {@code target} has no such public method
     */
    static Object call(Object target, String name, Object... arguments) {
        if (target == null) {
            return null;
        }
        Method method = METHODS.get(target.getClass()).computeIfAbsent(name + "/" + arguments.length,
                key -> find(target.getClass(), name, arguments.length));
        if (method == NONE) {
            throw new IllegalStateException(target.getClass().getName() + " has no public method " + name);
        }
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code target}'s class is, or extends or implements, the type named {@code typeName}. */
    static boolean is(Object target, String typeName) {
        if (target == null) {
            return false;
        }
        Deque<Class<?>> types = new ArrayDeque<>();
        types.add(target.getClass());
        while (!types.isEmpty()) {
            Class<?> type = types.poll();
            if (type.getName().equals(typeName)) {
                return true;
            }
            if (type.getSuperclass() != null) {
                types.add(type.getSuperclass());
            }
            types.addAll(List.of(type.getInterfaces()));
        }
        return false;
    }

    /** The public instance method {@code name} with {@code count} parameters of a public type {@code type} is. */
    private static Method find(Class<?> type, String name, int count) {
        Deque<Class<?>> types = new ArrayDeque<>();
        types.add(type);
        while (!types.isEmpty()) {
            Class<?> candidate = types.poll();
            if (Modifier.isPublic(candidate.getModifiers())) {
                for (Method method : candidate.getDeclaredMethods()) {
                    int modifiers = method.getModifiers();
                    if (method.getName().equals(name) && method.getParameterCount() == count
                            && Modifier.isPublic(modifiers) && !Modifier.isStatic(modifiers) && !method.isBridge()) {
                        return method;
                    }
                }
            }
            if (candidate.getSuperclass() != null) {
                types.add(candidate.getSuperclass());
            }
            types.addAll(List.of(candidate.getInterfaces()));
        }
        return NONE;
    }
}
