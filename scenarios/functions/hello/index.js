// The smallest useful handler: answers with a greeting and its request id.
exports.handler = async (event, context) => {
  return { hello: (event && event.name) || 'world', requestId: context.awsRequestId };
};
