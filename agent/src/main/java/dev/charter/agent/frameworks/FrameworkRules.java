package dev.charter.agent.frameworks;

import dev.charter.Frameworks;
import dev.charter.agent.enforce.PolicyEnforcer;
import dev.charter.agent.policy.FrameworkBinding;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.StringJoiner;

/** Answers the rewritten frameworks from the policy in force: its {@code bind} entries and the enforcer's decisions. */
public final class FrameworkRules implements Frameworks.Rules {

    private final PolicyEnforcer enforcer;

    public FrameworkRules(PolicyEnforcer enforcer) {
        this.enforcer = enforcer;
    }

    @Override
    public String identity(String framework, Object subject, Map<?, ?> entries) {
        FrameworkBinding binding = enforcer.policy().binding(framework);
        if (binding == null) {
            return null;
        }
        if (!binding.source().keyed()) {
            return binding.identity(subject);
        }
        return entries == null ? null : binding.identity(entries.get(binding.key()));
    }

    @Override
    public Frameworks.Requests requests(String framework) {
        FrameworkBinding binding = enforcer.policy().binding(framework);
        if (binding == null) {
            return Frameworks.Requests.AS_TAKEN;
        }
        return binding.source() == FrameworkBinding.Source.PASSPORT ? Frameworks.Requests.PASSPORT
                : Frameworks.Requests.CARRIED;
    }

    @Override
    public Object listed(String framework, String identity, Object tool, Object shown) {
        return McpSdk.listed(offers(framework, identity, String.valueOf(Reflective.call(tool, "name"))), shown);
    }

    /** Whether {@code identity} may ever perform the scope the {@code bind} entry's {@code tool-scope} gives {@code tool}. */
    boolean offers(String framework, String identity, String tool) {
        FrameworkBinding binding = enforcer.policy().binding(framework);
        return binding == null || binding.toolScope() == null || enforcer.mayEverPerform(identity, binding.toolScope(tool));
    }

    @Override
    public Object refused(String framework, String refusal, Object request) {
        return framework.equals(McpSdk.FRAMEWORK) && request != null ? McpSdk.refused(refusal, request) : null;
    }

    @Override
    public boolean offers(String identity, Object tool) {
        Method method = tool instanceof Method known ? known : SpringAi.method(tool);
        return method == null || enforcer.mayEver(identity, describe(method));
    }

    @Override
    public String identity(String framework, Object call) {
        return switch (framework) {
            case LangChain4j.FRAMEWORK -> LangChain4j.identity(this, call);
            case SpringAi.FRAMEWORK -> SpringAi.identity(this, call);
            case McpSdk.FRAMEWORK -> McpSdk.identity(enforcer.policy().binding(framework), call);
            case LangChain4jAgentic.FRAMEWORK -> LangChain4jAgentic.identity(enforcer.policy().binding(framework), call);
            default -> null;
        };
    }

    @Override
    public Object offered(String framework, Object offered, Object request) {
        return switch (framework) {
            case LangChain4j.FRAMEWORK -> LangChain4j.offered(offered);
            case SpringAi.FRAMEWORK -> SpringAi.offered(offered, request);
            default -> offered;
        };
    }

    /** {@code com.acme.Refunds#refund(java.lang.String,long)}, as the rewriter registers methods. */
    static String describe(Method method) {
        StringJoiner parameters = new StringJoiner(",", "(", ")");
        for (Class<?> parameter : method.getParameterTypes()) {
            parameters.add(parameter.getTypeName());
        }
        return method.getDeclaringClass().getName() + '#' + method.getName() + parameters;
    }
}
