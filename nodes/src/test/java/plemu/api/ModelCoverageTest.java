package plemu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import plemu.api.model.AwsModels;
import plemu.api.model.ServiceModel;

/**
 * Every action of the API is one operation of exactly one service model, or an emulator action;
 * and every operation the models hold (scripts/models/extract.py, OPERATIONS) is an action.
 */
class ModelCoverageTest {

  @Test
  void everyActionIsOneModelOperationOrAnEmulatorAction() {
    // the emulator's own actions are the operator's: no AWS model describes them
    Map<String, ApiCall.Action> emulator = new HashMap<>();
    ApiRoutes.registeredActions().forEach((name, a) -> {
      if (a.access() == ApiCall.Access.OPERATOR) emulator.put(name, a);
    });
    AwsModels models = AwsModels.builtIn();
    Set<String> unmapped = new TreeSet<>();
    for (String action : ApiRoutes.registeredActions().keySet()) {
      long services = models.services().stream().filter(s -> s.operations().containsKey(action)).count();
      boolean emulated = emulator.containsKey(action);
      if (emulated ? services != 0 : services != 1) unmapped.add(action + " (in " + services + " models)");
    }
    assertEquals(Set.of(), unmapped, "actions without exactly one model operation");
    assertTrue(models.operation("DescribeVpcs").isPresent());
  }

  @Test
  void everyModelOperationIsAnAction() {
    Set<String> actions = ApiRoutes.registeredActions().keySet();
    Set<String> extra = new TreeSet<>();
    for (ServiceModel s : AwsModels.builtIn().services())
      for (String op : s.operations().keySet()) if (!actions.contains(op)) extra.add(s.service() + ":" + op);
    assertEquals(Set.of(), extra, "model operations no action serves (drop them from extract.py OPERATIONS)");
  }

  @Test
  void everyInputShapeIsInItsModel() {
    for (ServiceModel s : AwsModels.builtIn().services())
      s.operations().values().forEach(op -> {
        if (op.input() != null) assertEquals("structure", s.shape(op.input()).type(), s.service() + " " + op.name());
        s.shapes().values().forEach(shape -> {
          shape.members().values().forEach(m -> s.shape(m.shape()));
          if (shape.member() != null) s.shape(shape.member().shape());
        });
      });
  }
}
