package io.tokenless.mapping;

/** A mapping rule is invalid; the message starts with the path of the bad setting. */
public final class MappingConfigException extends RuntimeException {
  public MappingConfigException(String message) {
    super(message);
  }
}
