package io.hone.core.chat;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpreterFactory;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;

/**
 * A Jinjava interpreter that prints values as Python's {@code str()} does ({@code True}, {@code [1, 'a']},
 * {@code 1e-05}). {@code None} prints as empty: Jinjava cannot tell it from an undefined variable, and
 * jinja2 prints undefined as empty, which is what templates rely on far more often.
 */
final class PyInterpreter extends JinjavaInterpreter {
    static final InterpreterFactory FACTORY = new InterpreterFactory() {
        @Override
        public JinjavaInterpreter newInstance(JinjavaInterpreter orig) {
            return new PyInterpreter(orig);
        }

        @Override
        public JinjavaInterpreter newInstance(Jinjava jinjava, Context context, JinjavaConfig config) {
            return new PyInterpreter(jinjava, context, config);
        }
    };

    private final TemplateLimits.Budget budget;

    private PyInterpreter(JinjavaInterpreter orig) {
        super(orig);
        budget = orig instanceof PyInterpreter py ? py.budget : new TemplateLimits.Budget();
    }

    private PyInterpreter(Jinjava jinjava, Context context, JinjavaConfig config) {
        super(jinjava, context, config);
        budget = new TemplateLimits.Budget();
    }

    /** The loop iterations this render has left ({@link TemplateLimits}). */
    TemplateLimits.Budget budget() {
        return budget;
    }

    @Override
    public String getAsString(Object value) {
        return value == null ? "" : PyRepr.str(value);
    }
}
