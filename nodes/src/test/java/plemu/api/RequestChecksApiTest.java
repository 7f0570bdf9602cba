package plemu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static plemu.testing.ApiClient.json;
import static plemu.testing.TestClusters.TOKEN_A;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import plemu.testing.ApiClient;
import plemu.testing.ClusterTestBase;

/** Types and limits of the service models, checked as AWS checks them, through the HTTP API. */
class RequestChecksApiTest extends ClusterTestBase {

  private void assertRefused(int status, String code, String message, ApiClient.Response r) {
    assertEquals(status + " " + code + ": " + message, r.status() + " " + r.errorCode() + ": " + r.errorMessage());
  }

  private static List<String> values(int n) {
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> "vpc-" + i).toList();
  }

  @Test
  void nextTokenMustBeAString() {
    assertRefused(400, "InvalidParameterValue", "Value ([\"a\"]) for parameter NextToken is invalid. Expecting a string.",
        api.call(TOKEN_A, "DescribeVpcs", "{\"NextToken\":[\"a\"]}"));
    assertRefused(400, "InvalidParameterValue", "Value (true) for parameter NextToken is invalid. Expecting a string.",
        api.call(TOKEN_A, "DescribeVpcEndpoints", "{\"NextToken\":true}"));
    assertRefused(400, "InvalidParameter", "Invalid parameter: NextToken Reason: must be of type string",
        api.call(TOKEN_A, "ListTopics", "{\"NextToken\":[\"a\"]}"));
    assertEquals(200, api.call(TOKEN_A, "ListTopics", json("NextToken", "x")).status());
  }

  @Test
  void maxResultsWithinTheModelsRanges() {
    assertRefused(400, "InvalidParameterValue", "Value (-1) for parameter MaxResults is invalid. Expecting a value "
        + "greater than or equal to 5.", api.call(TOKEN_A, "DescribeVpcs", json("MaxResults", -1)));
    assertRefused(400, "InvalidParameterValue", "Value (1001) for parameter MaxResults is invalid. Expecting a value "
        + "less than or equal to 1000.", api.call(TOKEN_A, "DescribeSubnets", json("MaxResults", 1001)));
    // DescribeVpcEndpoints: "If the value is greater than 1,000, we return only 1,000 items"
    assertEquals(200, api.call(TOKEN_A, "DescribeVpcEndpoints", json("MaxResults", 1001)).status());
    assertRefused(400, "InvalidParameterValue", "Value (-1) for parameter MaxResults is invalid. Expecting a value "
        + "greater than or equal to 1.", api.call(TOKEN_A, "DescribeVpcEndpoints", json("MaxResults", -1)));
  }

  @Test
  void atMost200FilterValues() {
    assertEquals(200, api.call(TOKEN_A, "DescribeVpcs", json("Filters",
        List.of(Map.of("Name", "vpc-id", "Values", values(200))))).status());
    assertRefused(400, "FilterLimitExceeded", "The maximum number of filter values specified on a single call is 200",
        api.call(TOKEN_A, "DescribeVpcs", json("Filters", List.of(Map.of("Name", "vpc-id", "Values", values(201))))));
    assertRefused(400, "FilterLimitExceeded", "The maximum number of filter values specified on a single call is 200",
        api.call(TOKEN_A, "DescribeSubnets", json("Filters", List.of(Map.of("Name", "vpc-id", "Values", values(10_000))))));
  }

  @Test
  void elbv2PageSizeIsAValidationError() {
    assertRefused(400, "ValidationError", "1 validation error detected: Value '401' at 'pageSize' failed to satisfy "
        + "constraint: Member must have value less than or equal to 400",
        api.call(TOKEN_A, "DescribeLoadBalancers", json("PageSize", 401)));
    assertRefused(400, "ValidationError", "1 validation error detected: Value '0' at 'pageSize' failed to satisfy "
        + "constraint: Member must have value greater than or equal to 1",
        api.call(TOKEN_A, "DescribeTargetGroups", json("PageSize", 0)));
  }

  @Test
  void route53MaxItemsIsAString() {
    assertRefused(400, "InvalidInput", "1 validation error detected: Value '5' at 'maxItems' failed to satisfy "
        + "constraint: Member must be of type string", api.call(TOKEN_A, "ListHostedZones", json("MaxItems", 5)));
    assertEquals(200, api.call(TOKEN_A, "ListHostedZones", json("MaxItems", "5")).status());
  }

  @Test
  void snsWrongTypesAreInvalidParameter() {
    assertRefused(400, "InvalidParameter", "Invalid parameter: Name Reason: must be of type string",
        api.call(TOKEN_A, "CreateTopic", json("Name", 5)));
    assertRefused(400, "InvalidParameter", "Invalid parameter: Attributes.DisplayName Reason: must be of type string",
        api.call(TOKEN_A, "CreateTopic", json("Name", "t", "Attributes", Map.of("DisplayName", 1))));
  }
}
