# Locust users for test/realtools: each user sends 10 requests a second, 70% GET /search and
# 30% GET /view, named as the plan's request mix.
from locust import HttpUser, constant_throughput, task


class Api(HttpUser):
    wait_time = constant_throughput(10)

    @task(7)
    def search(self):
        self.client.get("/search", name="search")

    @task(3)
    def view(self):
        self.client.get("/view", name="view")
