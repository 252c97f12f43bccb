package io.tokenless.auth.kerberos;

/** The JDK's JGSS acceptor (the fallback of the server's acceptor) against the shared contract. */
class JgssAcceptorTest extends KerberosAcceptorContract {
  @Override
  protected KerberosAcceptor create(AcceptorConfig config) {
    return JgssAcceptor.create(config);
  }
}
