# The API writes on top of config/scenarios/saas.yaml that made the format-8 fixture
# (plemu at c334138: java -jar nodes/target/plemu.jar up config/scenarios/saas.yaml --fresh --data-dir X --api-port 18080,
# this script, then SIGTERM). Kept to say what the fixture holds; the test checks these resources.
set -e
API=http://127.0.0.1:18080/v1
P='Authorization: Bearer dev-provider'
C='Authorization: Bearer dev-consumer'
VPC=$(curl -s -X POST $API/CreateVpc -H "$P" -d '{"CidrBlock":"10.9.0.0/16","TagSpecifications":[{"ResourceType":"vpc","Tags":[{"Key":"Name","Value":"fixture-vpc"}]}]}' | jq -r .Vpc.VpcId)
S1=$(curl -s -X POST $API/CreateSubnet -H "$P" -d "{\"VpcId\":\"$VPC\",\"CidrBlock\":\"10.9.1.0/24\",\"AvailabilityZoneId\":\"use1-az1\"}" | jq -r .Subnet.SubnetId)
S2=$(curl -s -X POST $API/CreateSubnet -H "$P" -d "{\"VpcId\":\"$VPC\",\"CidrBlock\":\"10.9.2.0/24\",\"AvailabilityZoneId\":\"use1-az2\"}" | jq -r .Subnet.SubnetId)
SG=$(curl -s -X POST $API/CreateSecurityGroup -H "$P" -d "{\"GroupName\":\"fx\",\"Description\":\"fixture\",\"VpcId\":\"$VPC\"}" | jq -r .GroupId)
curl -s -X POST $API/AuthorizeSecurityGroupIngress -H "$P" -d "{\"GroupId\":\"$SG\",\"IpProtocol\":\"tcp\",\"FromPort\":7000,\"ToPort\":7000,\"CidrIp\":\"127.0.0.0/8\"}" >/dev/null
LB=$(curl -s -X POST $API/CreateLoadBalancer -H "$P" -d "{\"Name\":\"fx-nlb\",\"Type\":\"network\",\"Scheme\":\"internal\",\"Subnets\":[\"$S1\",\"$S2\"]}" | jq -r '.LoadBalancers[0].LoadBalancerArn')
TG=$(curl -s -X POST $API/CreateTargetGroup -H "$P" -d "{\"Name\":\"fx-tg\",\"Protocol\":\"TCP\",\"Port\":7000,\"VpcId\":\"$VPC\",\"TargetType\":\"ip\"}" | jq -r '.TargetGroups[0].TargetGroupArn')
curl -s -X POST $API/RegisterTargets -H "$P" -d "{\"TargetGroupArn\":\"$TG\",\"Targets\":[{\"Id\":\"127.0.0.1\",\"Port\":7000,\"AvailabilityZone\":\"all\"}]}" >/dev/null
L=$(curl -s -X POST $API/CreateListener -H "$P" -d "{\"LoadBalancerArn\":\"$LB\",\"Protocol\":\"TCP\",\"Port\":7001,\"DefaultActions\":[{\"Type\":\"forward\",\"TargetGroupArn\":\"$TG\"}]}" | jq -r '.Listeners[0].ListenerArn')
curl -s -X POST $API/ModifyListenerAttributes -H "$P" -d "{\"ListenerArn\":\"$L\",\"Attributes\":[{\"Key\":\"tcp.idle_timeout.seconds\",\"Value\":\"120\"}]}" >/dev/null
curl -s -X POST $API/ModifyLoadBalancerAttributes -H "$P" -d "{\"LoadBalancerArn\":\"$LB\",\"Attributes\":[{\"Key\":\"load_balancing.cross_zone.enabled\",\"Value\":\"true\"}]}" >/dev/null
SVC=$(curl -s -X POST $API/CreateVpcEndpointServiceConfiguration -H "$P" -d "{\"NetworkLoadBalancerArns\":[\"$LB\"],\"AcceptanceRequired\":true,\"PrivateDnsName\":\"fixture.example.com\",\"ClientToken\":\"fx-svc-1\"}" | jq -r .ServiceConfiguration.ServiceId)
curl -s -X POST $API/ModifyVpcEndpointServicePermissions -H "$P" -d "{\"ServiceId\":\"$SVC\",\"AddAllowedPrincipals\":[\"arn:aws:iam::222222222222:root\"]}" >/dev/null
ZONE=$(curl -s -X POST $API/CreateHostedZone -H "$P" -d '{"Name":"example.com","CallerReference":"fx-1"}' | jq -r .HostedZone.Id)
echo zone $ZONE
TOPIC=$(curl -s -X POST $API/CreateTopic -H "$P" -d '{"Name":"fx-topic"}' | jq -r .TopicArn)
POLICY=$(jq -nc --arg arn "arn:aws:ec2:us-east-1:111111111111:vpc-endpoint-service/$SVC" '{Version: "2012-10-17", Statement: [{Effect: "Allow", Principal: {Service: "vpce.amazonaws.com"}, Action: "SNS:Publish", Resource: "*", Condition: {ArnLike: {"aws:SourceArn": $arn}}}]}')
jq -nc --arg t "$TOPIC" --arg p "$POLICY" '{TopicArn: $t, AttributeName: "Policy", AttributeValue: $p}' | curl -s -X POST $API/SetTopicAttributes -H "$P" -d @- >/dev/null
curl -s -X POST $API/Subscribe -H "$P" -d "{\"TopicArn\":\"$TOPIC\",\"Protocol\":\"http\",\"Endpoint\":\"http://127.0.0.1:9/\"}" >/dev/null
curl -s -X POST $API/CreateVpcEndpointConnectionNotification -H "$P" -d "{\"ServiceId\":\"$SVC\",\"ConnectionNotificationArn\":\"$TOPIC\",\"ConnectionEvents\":[\"Connect\"]}" | jq -c '.ConnectionNotification.ConnectionNotificationId'
CVPC=$(curl -s -X POST $API/DescribeVpcs -H "$C" -d '{"Filters":[{"Name":"tag:Name","Values":["customer-a-vpc"]}]}' | jq -r '.Vpcs[0].VpcId')
CSUB=$(curl -s -X POST $API/DescribeSubnets -H "$C" -d "{\"Filters\":[{\"Name\":\"vpc-id\",\"Values\":[\"$CVPC\"]},{\"Name\":\"availability-zone-id\",\"Values\":[\"use1-az1\"]}]}" | jq -c '[.Subnets[0].SubnetId]')
NAME=$(curl -s -X POST $API/DescribeVpcEndpointServices -H "$C" | jq -r --arg s "$SVC" '.ServiceDetails[] | select(.ServiceId == $s) | .ServiceName')
curl -s -X POST $API/CreateVpcEndpoint -H "$C" -d "{\"VpcEndpointType\":\"Interface\",\"VpcId\":\"$CVPC\",\"ServiceName\":\"$NAME\",\"SubnetIds\":$CSUB,\"ClientToken\":\"fx-ep-1\"}" | jq -c '.VpcEndpoint | {VpcEndpointId, State}'
curl -s -X POST $API/RunInstances -H "$P" -d "{\"ImageId\":\"plemu-echo\",\"SubnetId\":\"$S1\",\"MinCount\":1,\"MaxCount\":1}" | jq -c '.Instances[0] | {InstanceId}'
