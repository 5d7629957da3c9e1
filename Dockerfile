# 绩效看板 server image: the wheel built from this repository, the warehouse and the state file on a volume.
#   docker build -t jixiao .
#   docker run -d -p 127.0.0.1:8501:8501 -v jixiao-data:/data jixiao
#   docker exec -it <container> jixiao user add admin --role 绩效中心   # the first account
# Put a TLS reverse proxy in front (deploy/nginx.conf); the container listens on all its interfaces, which
# `jixiao serve` allows only once an account exists.
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN pip install --no-cache-dir "uv>=0.9,<1" && uv build --wheel -o /dist

FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /data jixiao
COPY --from=build /dist/*.whl /tmp/
RUN pip install --no-cache-dir /tmp/*.whl && rm /tmp/*.whl
ENV JIXIAO_HOME=/data
VOLUME /data
USER jixiao
EXPOSE 8501
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health')"
CMD ["jixiao", "serve", "--address", "0.0.0.0", "--port", "8501"]
