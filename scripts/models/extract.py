#!/usr/bin/env python3
"""Writes nodes/src/main/resources/aws-models/<service>.json from botocore's service models.

For each operation plemu serves (OPERATIONS below) it keeps the operation's HTTP binding and its
input shape, and, recursively, every shape the input reaches: type, required members, min/max,
enum, pattern, list members, map keys and values, and the wire names (locationName, queryName,
location, flattened) a protocol codec needs. Documentation is left out. The Java side
(plemu.api.model) loads these files to check requests before a handler sees them.

Two things the models do not say come from SUPPLEMENTS: limits AWS documents in prose (each
entry quotes its source; a quote taken from the model's own documentation is checked here, so a
botocore update that drops it fails the run), and botocore's client-side handling of Route 53
ids (handlers.fix_route53_ids: the SDKs send only what follows the last '/').

Run it again after a botocore update or when plemu serves another operation:
    python3 scripts/models/extract.py [--botocore DIR]
It prints where it read from; the files say it too.
"""
import argparse
import gzip
import json
import os
import re
import sys

SERVICES = {
    "ec2": "2016-11-15",
    "elbv2": "2015-12-01",
    "route53": "2013-04-01",
    "sns": "2010-03-31",
}

# The operations plemu serves, by service (the actions registered by plemu.api.*Api.register,
# except the emulator's own; ModelCoverageTest checks that the two lists agree).
OPERATIONS = {
    "ec2": [
        "AcceptVpcEndpointConnections", "AuthorizeSecurityGroupEgress", "AuthorizeSecurityGroupIngress",
        "CreateSecurityGroup", "CreateSubnet", "CreateVpc", "CreateVpcEndpoint",
        "CreateVpcEndpointConnectionNotification", "CreateVpcEndpointServiceConfiguration",
        "DeleteSecurityGroup", "DeleteSubnet", "DeleteVpc", "DeleteVpcEndpointConnectionNotifications",
        "DeleteVpcEndpointServiceConfigurations", "DeleteVpcEndpoints", "DescribeAvailabilityZones",
        "DescribeInstances", "DescribeNetworkInterfaces", "DescribeRegions", "DescribeSecurityGroups",
        "DescribeSubnets", "DescribeVpcAttribute", "DescribeVpcEndpointConnectionNotifications",
        "DescribeVpcEndpointConnections", "DescribeVpcEndpointServiceConfigurations",
        "DescribeVpcEndpointServicePermissions", "DescribeVpcEndpointServices", "DescribeVpcEndpoints",
        "DescribeVpcs", "ModifyVpcAttribute", "ModifyVpcEndpointConnectionNotification",
        "ModifyVpcEndpointServiceConfiguration", "ModifyVpcEndpointServicePermissions",
        "RejectVpcEndpointConnections", "RevokeSecurityGroupEgress", "RevokeSecurityGroupIngress",
        "RunInstances", "StartVpcEndpointServicePrivateDnsVerification", "TerminateInstances",
    ],
    "elbv2": [
        "CreateListener", "CreateLoadBalancer", "CreateTargetGroup", "DeleteListener", "DeleteLoadBalancer",
        "DeleteTargetGroup", "DeregisterTargets", "DescribeListenerAttributes", "DescribeListeners",
        "DescribeLoadBalancerAttributes", "DescribeLoadBalancers", "DescribeTargetGroupAttributes",
        "DescribeTargetGroups", "DescribeTargetHealth", "ModifyListenerAttributes",
        "ModifyLoadBalancerAttributes", "ModifyTargetGroup", "ModifyTargetGroupAttributes", "RegisterTargets",
    ],
    "route53": [
        "ChangeResourceRecordSets", "CreateHostedZone", "DeleteHostedZone", "GetHostedZone",
        "ListHostedZones", "ListResourceRecordSets",
    ],
    "sns": [
        "CreateTopic", "DeleteTopic", "GetSubscriptionAttributes", "GetTopicAttributes", "ListSubscriptionsByTopic", "ListTopics",
        "SetTopicAttributes", "Subscribe", "Unsubscribe",
    ],
}

# Limits AWS documents outside the shapes, as constraints on one member of one operation's input.
# "doc" quotes the member's documentation in the model (checked); "source" cites elsewhere.
PAGE_5_TO_1000 = "This value can be between 5 and 1,000; if MaxResults is given a value larger than 1,000, only 1,000 results"
SUPPLEMENTS = {
    "ec2": {
        ("DescribeVpcEndpointConnections", "MaxResults"): {"min": 5, "doc": PAGE_5_TO_1000},
        ("DescribeVpcEndpointServiceConfigurations", "MaxResults"): {"min": 5, "doc": PAGE_5_TO_1000},
        ("DescribeVpcEndpointServicePermissions", "MaxResults"): {"min": 5, "doc": PAGE_5_TO_1000},
        # "If the value is greater than 1,000, we return only 1,000 items": no upper bound, and no
        # documented lower one; a page holds at least one item.
        ("DescribeVpcEndpoints", "MaxResults"): {"min": 1, "doc": "If the value is greater than 1,000, we return only 1,000 items"},
        ("DescribeVpcEndpointServices", "MaxResults"): {"min": 1, "doc": "If the value is greater than 1,000, we return only 1,000 items"},
        ("DescribeVpcEndpointConnectionNotifications", "MaxResults"): {"min": 1, "source": "no documented range; a page holds at least one item"},
        ("DescribeInstances", "MaxResults"): {"min": 5, "max": 1000, "source":
            "EC2 answers 'Value ( 1 ) for parameter maxResults is invalid. Expecting a value greater than 5.' "
            "(aws/aws-sdk-ruby#2575); the EC2 API reference gives 5-1000 for the Describe calls"},
    },
}

# botocore handlers.fix_route53_ids: these shapes, on an input's top-level members, are sent as
# the part after the last '/', so '/hostedzone/Z123' is checked (and meant) as 'Z123'.
ROUTE53_STRIPPED_ID_SHAPES = {"ResourceId", "DelegationSetId", "ChangeId"}

SHAPE_KEYS = ["type", "required", "min", "max", "enum", "pattern", "flattened", "locationName",
              "timestampFormat", "sensitive", "xmlNamespace"]
MEMBER_KEYS = ["shape", "location", "locationName", "queryName", "flattened", "xmlNamespace",
               "xmlAttribute", "idempotencyToken", "hostLabel", "jsonvalue"]
METADATA_KEYS = ["apiVersion", "protocol", "endpointPrefix", "signingName", "xmlNamespace",
                 "jsonVersion", "targetPrefix", "serviceId"]


def reference(ref):
    return {k: ref[k] for k in MEMBER_KEYS if k in ref}


def collect(shapes, name, out):
    if name in out:
        return
    shape = shapes[name]
    kept = {k: shape[k] for k in SHAPE_KEYS if k in shape}
    out[name] = kept
    if "members" in shape:
        kept["members"] = {m: reference(ref) for m, ref in shape["members"].items()}
        for ref in shape["members"].values():
            collect(shapes, ref["shape"], out)
    for part in ("member", "key", "value"):
        if part in shape:
            kept[part] = reference(shape[part])
            collect(shapes, shape[part]["shape"], out)


def extract(service, version, data_dir):
    path = os.path.join(data_dir, service, version, "service-2.json.gz")
    with gzip.open(path) as f:
        model = json.load(f)
    shapes = model["shapes"]
    operations, kept = {}, {}
    for name in OPERATIONS[service]:
        op = model["operations"].get(name)
        if op is None:
            sys.exit(f"{service} has no operation {name} in {path}")
        entry = {"http": op.get("http", {})}
        if "input" in op:
            entry["input"] = op["input"]["shape"]
            collect(shapes, op["input"]["shape"], kept)
        if "output" in op:
            entry["output"] = op["output"]["shape"]
            if "resultWrapper" in op["output"]:
                entry["resultWrapper"] = op["output"]["resultWrapper"]
        operations[name] = entry
    for (op_name, member), limits in SUPPLEMENTS.get(service, {}).items():
        input_name = operations[op_name]["input"]
        ref = shapes[input_name]["members"][member]
        if "doc" in limits and limits["doc"] not in re.sub("<[^>]+>", "", ref.get("documentation", "")):
            sys.exit(f"{service} {op_name}.{member}: the documentation no longer says {limits['doc']!r}")
        target = kept[input_name]["members"][member]
        target.update({k: v for k, v in limits.items() if k in ("min", "max")})
        target["documented"] = limits.get("doc") or limits["source"]
    if service == "route53":
        for entry in operations.values():
            for ref in kept[entry["input"]].get("members", {}).values():
                if ref["shape"] in ROUTE53_STRIPPED_ID_SHAPES:
                    ref["stripPathPrefix"] = True
    return path, {
        "generated": "by scripts/models/extract.py from " + path + "; do not edit, run the script again",
        "service": service,
        "metadata": {k: model["metadata"][k] for k in METADATA_KEYS if k in model["metadata"]},
        "operations": operations,
        "shapes": dict(sorted(kept.items())),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--botocore", help="botocore's package directory (default: the installed botocore)")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "..",
                                                      "nodes", "src", "main", "resources", "aws-models"))
    args = parser.parse_args()
    if args.botocore:
        root, version = args.botocore, "unknown"
    else:
        import botocore
        root, version = os.path.dirname(botocore.__file__), botocore.__version__
    data_dir = os.path.join(root, "data")
    os.makedirs(args.out, exist_ok=True)
    print(f"reading botocore {version} models from {data_dir}")
    for service, api_version in SERVICES.items():
        path, out = extract(service, api_version, data_dir)
        out["generated"] = f"by scripts/models/extract.py from botocore {version}, data/{service}/{api_version}/service-2.json.gz; do not edit, run the script again"
        target = os.path.join(args.out, service + ".json")
        with open(target, "w") as f:
            json.dump(out, f, indent=1, sort_keys=False)
            f.write("\n")
        print(f"  {path} -> {os.path.normpath(target)}: {len(out['operations'])} operations, {len(out['shapes'])} shapes")


if __name__ == "__main__":
    main()
