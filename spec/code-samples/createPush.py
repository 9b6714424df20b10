# Push a notification to every device with Python's standard library; print the answer.
# Env: BASE_URL (default: the local reference server), APP_KEY, MASTER_SECRET.
import base64
import json
import os
import sys
import urllib.error
import urllib.request

base_url = os.environ.get("BASE_URL", "http://127.0.0.1:8080")
credentials = f"{os.environ.get('APP_KEY', '')}:{os.environ.get('MASTER_SECRET', '')}"
push = {
    "from": "push",
    "to": "all",
    "body": {"platform": "all", "notification": {"alert": "Hello, push!"}},
    "request_id": "req-0001",
}

request = urllib.request.Request(
    f"{base_url}/v4/push",
    method="POST",
    data=json.dumps(push).encode(),
    headers={
        "Authorization": "Basic " + base64.b64encode(credentials.encode()).decode(),
        "Content-Type": "application/json",
        "Accept": "application/json",
    },
)
try:
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.load(response)
except urllib.error.HTTPError as error:
    # Every failure answers {"error": {"code": <int>, "message": "<string>"}}.
    failure = json.load(error)["error"]
    # sys.exit(text) prints the text on stderr and exits with status 1.
    sys.exit(f"push failed: HTTP {error.code}, code {failure['code']}: {failure['message']}")

print(json.dumps(answer))  # msg_id is a string: keep it one (it can exceed 2^53)
