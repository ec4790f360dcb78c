resource "aws_s3_bucket" "b" {
  policy = <<EOT
{"a": 1}
