"""The import page's URLs."""

from django.urls import path

from imports import views

app_name = "imports"
urlpatterns = [
    path("portfolio/import/", views.import_page, name="import"),
    path("portfolio/import/check", views.import_check, name="import_check"),
    path("portfolio/import/apply", views.import_apply, name="import_apply"),
    path("portfolio/import/<int:pk>/undo", views.import_undo, name="import_undo"),
    path("portfolio/import/template-<str:language>.xlsx", views.import_template, name="import_template"),
    path("portfolio/import/template-<str:language>-<str:kind>.csv", views.import_template, name="import_template_csv"),
    path("portfolio/tags/", views.tags_page, name="tags"),
    path("portfolio/tags/add", views.tag_add, name="tag_add"),
    path("portfolio/tags/<int:pk>/remove", views.tag_remove, name="tag_remove"),
]
