package plemu.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import plemu.controlplane.AwsError;
import plemu.controlplane.AwsException;

/** Golden cases of the request checks, on the service models plemu ships (aws-models/*.json). */
class RequestValidatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RequestValidator validator = new RequestValidator(AwsModels.builtIn());

  /** The error of {@code action} with {@code body}, or null when the body passes. */
  private AwsError refusal(String action, Object body) {
    ObjectNode node = body instanceof String s ? (ObjectNode) read(s) : JSON.valueToTree(body);
    try {
      validator.validate(action, node);
      return null;
    } catch (AwsException e) {
      return e.error();
    }
  }

  private static Object read(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  private void assertRefused(String code, String message, String action, Object body) {
    AwsError e = refusal(action, body);
    assertEquals(code + ": " + message, e == null ? "passed" : e.code() + ": " + e.message(), action + " " + body);
    assertEquals(400, e.httpStatus());
  }

  private void assertPasses(String action, Object body) {
    AwsError e = refusal(action, body);
    assertNull(e, () -> action + " " + body + " -> " + e);
  }

  private static List<String> values(int n) {
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> "vpc-" + i).toList();
  }

  @Test
  void ec2TypesRangesAndRequiredMembers() {
    assertRefused("InvalidParameterValue", "Value ([\"a\"]) for parameter NextToken is invalid. Expecting a string.",
        "DescribeVpcs", "{\"NextToken\":[\"a\"]}");
    assertRefused("InvalidParameterValue", "Value (true) for parameter NextToken is invalid. Expecting a string.",
        "DescribeVpcs", "{\"NextToken\":true}");
    assertRefused("InvalidParameterValue", "Value (-1) for parameter MaxResults is invalid. Expecting a value greater "
        + "than or equal to 5.", "DescribeVpcs", Map.of("MaxResults", -1));
    assertRefused("InvalidParameterValue", "Value (1001) for parameter MaxResults is invalid. Expecting a value less "
        + "than or equal to 1000.", "DescribeVpcs", Map.of("MaxResults", 1001));
    assertRefused("InvalidParameterValue", "Value (5.5) for parameter MaxResults is invalid. Expecting an integer.",
        "DescribeSubnets", "{\"MaxResults\":5.5}");
    assertRefused("InvalidParameterValue", "Value (vpc-1) for parameter VpcIds is invalid. Expecting a list.",
        "DescribeVpcs", Map.of("VpcIds", "vpc-1"));
    assertRefused("InvalidParameterValue", "Value (7) for parameter Filters.2.Values.1 is invalid. Expecting a string.",
        "DescribeVpcs", "{\"Filters\":[{\"Name\":\"a\",\"Values\":[\"x\"]},{\"Name\":\"b\",\"Values\":[7]}]}");
    assertRefused("UnknownParameter", "The parameter Filters.1.Value is not recognized",
        "DescribeVpcs", "{\"Filters\":[{\"Name\":\"a\",\"Value\":[\"x\"]}]}");
    assertRefused("MissingParameter", "The request must contain the parameter Attribute",
        "DescribeVpcAttribute", Map.of());
    assertRefused("MissingParameter", "The request must contain the parameter GroupName",
        "CreateSecurityGroup", Map.of("Description", "d"));
    assertPasses("DescribeVpcs", Map.of("MaxResults", 5, "NextToken", "vpc-1", "VpcIds", List.of("vpc-1")));
    // top-level members the model does not have are the action's to refuse (Params.allow)
    assertPasses("DescribeVpcs", Map.of("Bogus", 1));
  }

  @Test
  void ec2EnumsAndDocumentedPageLimits() {
    AwsError e = refusal("CreateVpcEndpoint", Map.of("VpcId", "vpc-1", "VpcEndpointType", "Bogus"));
    assertEquals("InvalidParameterValue", e.code());
    assertTrue(e.message().startsWith("Value (Bogus) for parameter VpcEndpointType is invalid. Expecting one of: "
        + "Interface, Gateway, GatewayLoadBalancer"), e.message());
    // "between 5 and 1,000; if MaxResults is given a value larger than 1,000, only 1,000 results are returned"
    assertRefused("InvalidParameterValue", "Value (4) for parameter MaxResults is invalid. Expecting a value greater "
        + "than or equal to 5.", "DescribeVpcEndpointConnections", Map.of("MaxResults", 4));
    assertPasses("DescribeVpcEndpointConnections", Map.of("MaxResults", 5000));
    assertRefused("InvalidParameterValue", "Value (0) for parameter MaxResults is invalid. Expecting a value greater "
        + "than or equal to 1.", "DescribeVpcEndpoints", Map.of("MaxResults", 0));
    assertPasses("DescribeVpcEndpoints", Map.of("MaxResults", 5000));
    assertRefused("InvalidParameterValue", "Value (1001) for parameter MaxResults is invalid. Expecting a value less "
        + "than or equal to 1000.", "DescribeInstances", Map.of("MaxResults", 1001));
  }

  @Test
  void ec2FilterLimits() {
    assertPasses("DescribeVpcs", Map.of("Filters", List.of(Map.of("Name", "vpc-id", "Values", values(200)))));
    assertRefused("FilterLimitExceeded", "The maximum number of filter values specified on a single call is 200",
        "DescribeVpcs", Map.of("Filters", List.of(Map.of("Name", "vpc-id", "Values", values(201)))));
    assertRefused("FilterLimitExceeded", "The maximum number of filter values specified on a single call is 200",
        "DescribeSubnets", Map.of("Filters", List.of(Map.of("Name", "vpc-id", "Values", values(150)),
            Map.of("Name", "state", "Values", values(51)))));
    assertRefused("FilterLimitExceeded", "The maximum length for a filter value is 255 characters",
        "DescribeInstances", Map.of("Filters", List.of(Map.of("Name", "tag:Name", "Values", List.of("x".repeat(256))))));
  }

  @Test
  void elbv2ValidationErrors() {
    assertRefused("ValidationError", "1 validation error detected: Value '401' at 'pageSize' failed to satisfy "
        + "constraint: Member must have value less than or equal to 400", "DescribeLoadBalancers", Map.of("PageSize", 401));
    assertRefused("ValidationError", "1 validation error detected: Value '0' at 'pageSize' failed to satisfy "
        + "constraint: Member must have value greater than or equal to 1", "DescribeTargetGroups", Map.of("PageSize", 0));
    assertRefused("ValidationError", "2 validation errors detected: Value null at 'name' failed to satisfy constraint: "
        + "Member must not be null; Value 'classic' at 'type' failed to satisfy constraint: Member must satisfy enum "
        + "value set: [application, network, gateway]", "CreateLoadBalancer", Map.of("Type", "classic"));
    assertRefused("ValidationError", "1 validation error detected: Value null at 'targets.1.member.id' failed to "
        + "satisfy constraint: Member must not be null", "RegisterTargets",
        Map.of("TargetGroupArn", "arn", "Targets", List.of(Map.of("Port", 80))));
    assertRefused("ValidationError", "1 validation error detected: Value 'a b' at 'attributes.1.member.key' failed to "
        + "satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9._]+$",
        "ModifyLoadBalancerAttributes", Map.of("LoadBalancerArn", "arn",
            "Attributes", List.of(Map.of("Key", "a b", "Value", "v"))));
    assertRefused("ValidationError", "1 validation error detected: Value '[]' at 'tags' failed to satisfy constraint: "
        + "Member must have length greater than or equal to 1", "CreateTargetGroup", Map.of("Name", "tg", "Tags", List.of()));
    assertRefused("ValidationError", "1 validation error detected: Value '70000' at 'port' failed to satisfy "
        + "constraint: Member must have value less than or equal to 65535", "CreateTargetGroup",
        Map.of("Name", "tg", "Port", 70000));
    assertPasses("DescribeLoadBalancers", Map.of("PageSize", 400, "Marker", "m"));
  }

  @Test
  void route53InvalidInput() {
    assertRefused("InvalidInput", "1 validation error detected: Value '5' at 'maxItems' failed to satisfy constraint: "
        + "Member must be of type string", "ListHostedZones", Map.of("MaxItems", 5));
    assertPasses("ListHostedZones", Map.of("MaxItems", "5"));
    // the SDKs send only what follows the last '/': /hostedzone/<id> is as good as <id>
    assertPasses("GetHostedZone", Map.of("Id", "/hostedzone/Z0123456789ABCDEFGHIJ"));
    assertRefused("InvalidInput", "1 validation error detected: Value '" + "Z".repeat(33) + "' at 'id' failed to "
        + "satisfy constraint: Member must have length less than or equal to 32", "GetHostedZone",
        Map.of("Id", "Z".repeat(33)));
    assertRefused("InvalidInput", "1 validation error detected: Value 'MOVE' at 'changeBatch.changes.1.member.action' "
        + "failed to satisfy constraint: Member must satisfy enum value set: [CREATE, DELETE, UPSERT]",
        "ChangeResourceRecordSets", Map.of("HostedZoneId", "Z1", "ChangeBatch", Map.of("Changes", List.of(
            Map.of("Action", "MOVE", "ResourceRecordSet", Map.of("Name", "a.example.com", "Type", "A"))))));
  }

  @Test
  void snsInvalidParameter() {
    assertRefused("InvalidParameter", "Invalid parameter: Name Reason: no value for required parameter",
        "CreateTopic", Map.of());
    assertRefused("InvalidParameter", "Invalid parameter: Name Reason: must be of type string",
        "CreateTopic", Map.of("Name", 5));
    assertRefused("InvalidParameter", "Invalid parameter: NextToken Reason: must be of type string",
        "ListTopics", "{\"NextToken\":[\"a\"]}");
    assertRefused("InvalidParameter", "Invalid parameter: Attributes.DisplayName Reason: must be of type string",
        "CreateTopic", "{\"Name\":\"t\",\"Attributes\":{\"DisplayName\":1}}");
    assertPasses("CreateTopic", Map.of("Name", "t", "Attributes", Map.of("DisplayName", "x")));
  }

  @Test
  void emulatorActionsHaveNoModel() {
    assertPasses("ApplyScenario", Map.of("Scenario", 5));
    assertPasses("DescribeClusterMembers", Map.of("Anything", List.of()));
  }
}
