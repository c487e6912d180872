package dev.lockfree.eventstore.boot.autoconfigure;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;

/**
 * Turns a property name of an event class into a selector, once, at start-up. The accessor is found as
 * a public no-argument method {@code name()} (record component or fluent accessor) or {@code getName()},
 * unreflected into a {@link MethodHandle} adapted to the selector's exact type; each selector call is one
 * {@link MethodHandle#invokeExact}, never a reflective {@code Method.invoke}.
 *
 * <p>Every failure names the configuration key, the class and the property.
 */
final class PropertyAccessors {

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final MethodHandle INSTANT_MILLIS;
    private static final MethodHandle OFFSET_MILLIS;
    private static final MethodHandle ZONED_MILLIS;
    private static final MethodHandle NUMBER_DOUBLE;

    static {
        try {
            INSTANT_MILLIS = LOOKUP.findStatic(PropertyAccessors.class, "instantMillis",
                    MethodType.methodType(long.class, Instant.class));
            OFFSET_MILLIS = LOOKUP.findStatic(PropertyAccessors.class, "offsetMillis",
                    MethodType.methodType(long.class, OffsetDateTime.class));
            ZONED_MILLIS = LOOKUP.findStatic(PropertyAccessors.class, "zonedMillis",
                    MethodType.methodType(long.class, ZonedDateTime.class));
            NUMBER_DOUBLE = LOOKUP.findVirtual(Number.class, "doubleValue", MethodType.methodType(double.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private PropertyAccessors() {
    }

    /** Epoch milliseconds from an {@code Instant}, {@code long}/{@code Long}, {@code OffsetDateTime} or {@code ZonedDateTime} property. */
    static <E> ToLongFunction<E> timestamp(String key, Class<E> type, String property) {
        MethodHandle getter = getter(key, type, property);
        Class<?> returned = getter.type().returnType();
        MethodHandle millis;
        if (returned == long.class || returned == Long.class) {
            millis = getter;
        } else if (returned == Instant.class) {
            millis = MethodHandles.filterReturnValue(getter, INSTANT_MILLIS);
        } else if (returned == OffsetDateTime.class) {
            millis = MethodHandles.filterReturnValue(getter, OFFSET_MILLIS);
        } else if (returned == ZonedDateTime.class) {
            millis = MethodHandles.filterReturnValue(getter, ZONED_MILLIS);
        } else {
            throw mismatch(key, type, property, returned,
                    "java.time.Instant, long (epoch milliseconds), java.time.OffsetDateTime or java.time.ZonedDateTime");
        }
        MethodHandle exact = millis.asType(MethodType.methodType(long.class, Object.class));
        return event -> {
            try {
                return (long) exact.invokeExact((Object) event);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        };
    }

    /** A {@code double} from any numeric primitive or {@link Number} property. */
    static <E> ToDoubleFunction<E> value(String key, Class<E> type, String property) {
        MethodHandle getter = getter(key, type, property);
        Class<?> returned = getter.type().returnType();
        MethodHandle value;
        if (returned == int.class || returned == long.class || returned == double.class || returned == float.class
                || returned == short.class || returned == byte.class) {
            value = getter;
        } else if (Number.class.isAssignableFrom(returned)) {
            value = MethodHandles.filterReturnValue(getter.asType(getter.type().changeReturnType(Number.class)),
                    NUMBER_DOUBLE);
        } else {
            throw mismatch(key, type, property, returned, "a number (a numeric primitive or a java.lang.Number)");
        }
        MethodHandle exact = value.asType(MethodType.methodType(double.class, Object.class));
        return event -> {
            try {
                return (double) exact.invokeExact((Object) event);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        };
    }

    /** Any property, boxed when primitive. */
    static <E> Function<E, Object> key(String key, Class<E> type, String property) {
        MethodHandle getter = getter(key, type, property);
        if (getter.type().returnType() == void.class) {
            throw mismatch(key, type, property, void.class, "a value");
        }
        MethodHandle exact = getter.asType(MethodType.methodType(Object.class, Object.class));
        return event -> {
            try {
                return (Object) exact.invokeExact((Object) event);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        };
    }

    private static MethodHandle getter(String key, Class<?> type, String property) {
        String capitalized = property.substring(0, 1).toUpperCase(Locale.ROOT) + property.substring(1);
        Method method = find(type, property);
        if (method == null) {
            method = find(type, "get" + capitalized);
        }
        if (method == null) {
            throw new IllegalStateException(key + ": " + type.getName() + " has no property '" + property
                    + "' (looked for a public no-argument method " + property + "() or get" + capitalized + "())");
        }
        try {
            method.trySetAccessible(); // public method of a non-public class
            return LOOKUP.unreflect(method);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalStateException(key + ": property '" + property + "' of " + type.getName()
                    + " is not accessible: " + e.getMessage(), e);
        }
    }

    private static @Nullable Method find(Class<?> type, String name) {
        try {
            Method method = type.getMethod(name);
            if (Modifier.isStatic(method.getModifiers()) || method.getReturnType() == void.class) {
                return null;
            }
            return method;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static IllegalStateException mismatch(String key, Class<?> type, String property, Class<?> actual,
                                                  String expected) {
        return new IllegalStateException(key + ": property '" + property + "' of " + type.getName() + " is a "
                + actual.getName() + ", expected " + expected);
    }

    @SuppressWarnings("UnusedMethod") // found by name: the method handle of the static initializer
    private static long instantMillis(Instant instant) {
        return instant.toEpochMilli();
    }

    @SuppressWarnings("UnusedMethod") // found by name: the method handle of the static initializer
    private static long offsetMillis(OffsetDateTime time) {
        return time.toInstant().toEpochMilli();
    }

    @SuppressWarnings("UnusedMethod") // found by name: the method handle of the static initializer
    private static long zonedMillis(ZonedDateTime time) {
        return time.toInstant().toEpochMilli();
    }
}
