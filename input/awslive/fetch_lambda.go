package awslive

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
)

// fetchLambda lists functions; their VpcConfig carries subnets and groups.
func (rr *regionRun) fetchLambda(ctx context.Context) int {
	err := pages(ctx, lambda.NewListFunctionsPaginator(rr.lambda, &lambda.ListFunctionsInput{MaxItems: aws.Int32(50)}),
		func(o *lambda.ListFunctionsOutput) { add(rr, &rr.raw.LambdaFunctions, o.Functions...) })
	rr.check(ctx, "lambda", "ListFunctions", err)
	return len(rr.raw.LambdaFunctions)
}
