# The smallest useful Python handler: a greeting, its request id, and one
# line through the logging module (Lambda's [INFO] format in the log).
import logging

logger = logging.getLogger()
logger.setLevel(logging.INFO)


def lambda_handler(event, context):
    name = event.get("name", "world") if isinstance(event, dict) else "world"
    logger.info("greeting %s", name)
    return {"hello": name, "requestId": context.aws_request_id}
