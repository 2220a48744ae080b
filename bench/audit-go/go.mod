module heaplens.example/auditbench

go 1.19
