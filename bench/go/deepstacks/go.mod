module heaplens.example/deepstacks

go 1.19
