locals {
  x = "${var.a
}
