import Core
import Foundation

/// Runs Python with boto3 (the project's .venv) against an S3 endpoint, a second client to
/// check what Spotlight's own wrote; the script gets `s3` and `BUCKET`. Nil when Python cannot run.
public func boto3(_ script: String, endpoint: String, bucket: String) -> Subprocess.Result? {
    let prelude = """
        import boto3, hashlib, json, sys
        s3 = boto3.client("s3", endpoint_url="\(endpoint)", region_name="us-east-1",
                          aws_access_key_id="\(MotoServer.accessKey)", aws_secret_access_key="\(MotoServer.secretKey)")
        BUCKET = "\(bucket)"

        """
    let python = TestEnvironment.projectRoot.appendingPathComponent(".venv/bin/python3").path
    return Subprocess.run(python, ["-c", prelude + script], mergeStandardError: true)
}
