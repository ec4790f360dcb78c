variable "ghp_CQh7LD72RrS3vFeDLcbmEhGcGOxJCBeOuk6K" {}
