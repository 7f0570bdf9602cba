package plemu.controlplane;

import plemu.model.Account;
import plemu.model.RegionInfo;

/** The caller's account and region as the state knows them (resources of the caller: {@link Owned}). */
final class Lookups {
  private Lookups() {}

  static Account account(StateView s, Caller c) {
    return s.get(Table.ACCOUNTS, c.accountId())
        .orElseThrow(() -> new AwsError("AuthFailure", "Unknown account " + c.accountId(), 401).exception());
  }

  static RegionInfo region(StateView s, Caller c) {
    return s.get(Table.REGIONS, c.region())
        .orElseThrow(() -> AwsError.badRequest("InvalidRegion", "The region '" + c.region() + "' is not emulated").exception());
  }
}
