package io.hone.core.chat;

import com.hubspot.jinjava.objects.SafeString;
import java.beans.FeatureDescriptor;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Dispatches Python {@code str} method calls ({@code content.strip()}, {@code s.split('|')}, ...) to
 * {@link PyStrings}. Jinjava otherwise calls the Java method of the same name, which is missing
 * ({@code startswith}) or means something else ({@code split} takes a regex). It sits first in Jinjava's
 * resolver chain and only answers method calls on strings whose name is listed here, and {@code s[i]}.
 */
final class PyMethodResolver extends ELResolver {
    static final Set<String> METHODS = Set.of("strip", "lstrip", "rstrip", "split", "startswith", "endswith",
            "upper", "lower", "title", "capitalize", "replace", "join");
    private static final Pattern INDEX = Pattern.compile("-?[0-9]{1,9}");

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(base instanceof String || base instanceof SafeString) || !(method instanceof String name)
                || !METHODS.contains(name)) {
            return null;
        }
        Object[] args = params == null ? new Object[0] : params;
        Object result = call(base.toString(), name, args);
        context.setPropertyResolved(true);
        return result;
    }

    static Object call(String s, String name, Object[] args) {
        return switch (name) {
            case "strip" -> PyStrings.strip(s, optionalText(args, 0, 1, name));
            case "lstrip" -> PyStrings.lstrip(s, optionalText(args, 0, 1, name));
            case "rstrip" -> PyStrings.rstrip(s, optionalText(args, 0, 1, name));
            case "split" -> PyStrings.split(s, optionalText(args, 0, 2, name), args.length > 1 ? integer(args[1], name) : -1);
            case "startswith" -> PyStrings.startswith(s, required(args, 1, name));
            case "endswith" -> PyStrings.endswith(s, required(args, 1, name));
            case "upper" -> PyStrings.upper(noArgs(s, args, name));
            case "lower" -> PyStrings.lower(noArgs(s, args, name));
            case "title" -> PyStrings.title(noArgs(s, args, name));
            case "capitalize" -> PyStrings.capitalize(noArgs(s, args, name));
            case "replace" -> {
                if (args.length < 2 || args.length > 3) {
                    throw new PyError("replace() takes 2 or 3 arguments (" + args.length + " given)");
                }
                yield PyStrings.replace(s, PyStrings.text(args[0], name), PyStrings.text(args[1], name),
                        args.length == 3 ? integer(args[2], name) : -1);
            }
            case "join" -> PyStrings.join(s, required(args, 1, name));
            default -> throw new IllegalStateException(name);
        };
    }

    private static String optionalText(Object[] args, int index, int maxArgs, String name) {
        if (args.length > maxArgs) {
            throw new PyError(name + "() takes at most " + maxArgs + " arguments (" + args.length + " given)");
        }
        return args.length <= index || args[index] == null ? null : PyStrings.text(args[index], name);
    }

    private static Object required(Object[] args, int count, String name) {
        if (args.length != count) {
            throw new PyError(name + "() takes exactly " + count + " argument (" + args.length + " given)");
        }
        return args[0];
    }

    private static String noArgs(String s, Object[] args, String name) {
        if (args.length != 0) {
            throw new PyError(name + "() takes no arguments (" + args.length + " given)");
        }
        return s;
    }

    private static int integer(Object o, String name) {
        if (o instanceof Number n && !(o instanceof Double) && !(o instanceof Float)) {
            return Math.toIntExact(n.longValue());
        }
        throw new PyError(name + "() expects an integer, got " + PyRepr.repr(o));
    }

    /** {@code s[i]} with Python's negative indices; out of range is undefined, as jinja2's subscript makes it. */
    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        // Jinjava hands the index over as text ("-1")
        if (base instanceof String s && property != null && INDEX.matcher(property.toString()).matches()) {
            context.setPropertyResolved(true);
            int[] cps = s.codePoints().toArray();
            long i = Long.parseLong(property.toString());
            i = i < 0 ? i + cps.length : i;
            return i >= 0 && i < cps.length ? Character.toString(cps[(int) i]) : null;
        }
        return null; // everything else is left to the resolvers behind this one
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {}

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return false;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
