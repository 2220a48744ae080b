module heaplens.example/gateway

go 1.19
