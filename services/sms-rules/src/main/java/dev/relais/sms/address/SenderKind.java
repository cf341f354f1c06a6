package dev.relais.sms.address;

import java.util.Optional;

/** The three kinds of sender a handset can show. */
public enum SenderKind {
  /** A name such as "RELAIS": no reply possible. */
  ALPHANUMERIC("alphanumeric"),
  /** A national short code such as 36111. */
  SHORT_CODE("shortcode"),
  /** A full phone number in E.164 form such as +33159000000. */
  LONG_NUMBER("longnumber");

  private final String specName;

  SenderKind(String specName) {
    this.specName = specName;
  }

  /** The name a SenderId resource gives the kind in {@code spec.type}. */
  public String specName() {
    return specName;
  }

  /** The kind named {@code name} in a SenderId resource, if any. */
  public static Optional<SenderKind> named(String name) {
    for (SenderKind kind : values()) {
      if (kind.specName.equals(name)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
