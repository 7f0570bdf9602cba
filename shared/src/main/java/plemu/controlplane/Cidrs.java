package plemu.controlplane;

import plemu.model.Cidr;

/** Parses a CIDR parameter, turning a parse failure into the AWS error for that parameter. */
final class Cidrs {
  private Cidrs() {}

  static Cidr parse(String parameter, String text) {
    try {
      return Cidr.parse(text.trim());
    } catch (IllegalArgumentException e) {
      throw AwsError.invalidValue(parameter, text, "This is not a valid CIDR block: " + e.getMessage()).exception();
    }
  }
}
