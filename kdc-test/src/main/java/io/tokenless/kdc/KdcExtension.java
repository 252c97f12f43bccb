package io.tokenless.kdc;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the JVM's shared {@link TestKdc} as a parameter (constructor, lifecycle or test
 * method): {@code @ExtendWith(KdcExtension.class)} then {@code void test(TestKdc kdc)}. The KDC
 * outlives test classes; tests stay independent by creating principals with
 * {@link TestKdc#uniqueName(String)}, or with {@link Principals} from this extension.
 */
public final class KdcExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestKdc.class || type == Principals.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    TestKdc kdc = TestKdc.shared();
    if (parameter.getParameter().getType() == Principals.class) {
      return new Principals(kdc, context.getRequiredTestClass().getSimpleName());
    }
    return kdc;
  }
}
