package dev.annogan.core;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test method that declares an {@link NDManager} parameter a fresh manager on the
 * default engine, closed when the test ends, so arrays never outlive their test.
 */
public final class NDManagerExtension implements ParameterResolver {

    /** Creates the extension; JUnit calls this through {@code @ExtendWith}. */
    public NDManagerExtension() {}

    /** {@inheritDoc} */
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == NDManager.class;
    }

    /** {@inheritDoc} */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        NDManager manager = NDManager.newBaseManager();
        context.getStore(ExtensionContext.Namespace.create(NDManagerExtension.class, manager))
                .put("manager", (ExtensionContext.Store.CloseableResource) manager::close);
        return manager;
    }
}
