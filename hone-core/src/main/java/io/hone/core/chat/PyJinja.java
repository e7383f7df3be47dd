package io.hone.core.chat;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import io.hone.core.HoneException;
import java.time.Clock;
import java.util.Map;
import jinjava.javax.el.CompositeELResolver;

/**
 * Jinjava set up to render Hugging Face chat templates the way transformers' jinja2 environment does:
 * {@code trim_blocks}, {@code lstrip_blocks}, no kept trailing newline, {@code not} precedence and
 * {@code [::-1]} (via {@link JinjaSource}), Python string methods, Python printing of values, transformers' {@code tojson},
 * {@code raise_exception}, {@code strftime_now}, jinja2's {@code iterable}/{@code sequence} tests.
 * Errors that jinja2 would raise fail the render instead of printing nothing.
 */
final class PyJinja {
    private final Jinjava jinjava;

    PyJinja(Clock clock) {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PyMethodResolver());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        JinjavaConfig config = JinjavaConfig.newBuilder()
                // trim_blocks, lstrip_blocks and keep_trailing_newline=False are applied by JinjaSource
                .withTrimBlocks(false)
                .withLstripBlocks(false)
                .withKeepTrailingNewline(true)
                .withNestedInterpretationEnabled(false) // message text containing "{{" must stay text
                .withElResolver(resolver)
                .withInterperterFactory(PyInterpreter.FACTORY)
                .withMaxOutputSize(TemplateLimits.MAX_CHARS)
                .withMaxStringLength(TemplateLimits.MAX_CHARS)
                .withMaxListSize(TemplateLimits.MAX_ITEMS)
                .withMaxMapSize(TemplateLimits.MAX_ITEMS)
                .withTimeZone(clock.getZone())
                .withDateTimeProvider(new TemplateFunctions.ClockTime(clock))
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        // "true" would make `not x is defined` mean `(not x) is defined`; JinjaSource fixes `not`
                        .withUseNaturalOperatorPrecedence(false)
                        .withEvaluateMapKeys(true)
                        .withIterateOverMapKeys(true)
                        .withKeepNullableLoopValues(true)
                        .withHandleBackslashInQuotesOnly(true)
                        .build())
                .build();
        jinjava = new Jinjava(config);
        jinjava.registerFilter(new ToJsonFilter());
        jinjava.registerFilter(new TrimFilter());
        jinjava.registerFunction(new ELFunctionDefinition("", "raise_exception",
                TemplateFunctions.class, "raiseException", Object.class));
        jinjava.registerFunction(new ELFunctionDefinition("", "range",
                TemplateLimits.class, "range", Object.class, Object[].class));
        jinjava.getGlobalContext().registerTag(new TemplateLimits.CountedFor());
        jinjava.registerFunction(new ELFunctionDefinition("", "strftime_now",
                TemplateFunctions.class, "strftimeNow", String.class));
        // Templates test `strftime_now is defined`; calls still go to the functions above.
        jinjava.getGlobalContext().put("raise_exception", "<function raise_exception>");
        jinjava.getGlobalContext().put("strftime_now", "<function strftime_now>");
        jinjava.registerExpTest(PyTests.named("iterable"));
        jinjava.registerExpTest(PyTests.named("sequence"));
    }

    String render(String template, Map<String, ?> variables) {
        String source;
        try {
            source = JinjaSource.prepare(template);
        } catch (IllegalArgumentException e) {
            throw new HoneException("chat template: " + e.getMessage());
        }
        RenderResult result = jinjava.renderForResult(source, variables);
        for (TemplateError error : result.getErrors()) {
            for (Throwable t = error.getException(); t != null; t = t.getCause()) {
                if (t instanceof TemplateFunctions.Raised raised) {
                    throw new HoneException("chat template: " + raised.getMessage());
                }
            }
        }
        for (TemplateError error : result.getErrors()) {
            String overLimit = TemplateLimits.overLimit(error);
            if (error.getSeverity() == TemplateError.ErrorType.FATAL || overLimit != null) {
                String message = overLimit != null ? overLimit : error.getMessage();
                for (Throwable t = error.getException(); t != null; t = t.getCause()) {
                    if (t instanceof PyError py) {
                        message = py.getMessage();
                    }
                }
                String line = error.getLineno() > 0 ? "line " + error.getLineno() + ": " : "";
                throw new HoneException("chat template: " + line + message);
            }
        }
        return result.getOutput();
    }
}
